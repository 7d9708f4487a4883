namespace PrivSepSigner.Keys.Pkcs11;

/// <summary>
/// Enforces one PKCS#11 context per process (PKCS#11 v2.40 5.4: C_Initialize once per
/// application; REFERENCE 1). This is the product's one deliberate piece of static mutable
/// state: the rule it guards is itself process-wide, so an instance field could not see a
/// second <see cref="Pkcs11Token"/> created elsewhere in the process.
/// </summary>
internal static class ProcessContextGuard
{
    private static int held;

    public static void Acquire()
    {
        if (Interlocked.CompareExchange(ref held, 1, 0) != 0)
        {
            throw new InvalidOperationException(
                "a PKCS#11 context is already open in this process; only the signer opens one (Pkcs11Token.Open) and shares it");
        }
    }

    public static void Release() => Volatile.Write(ref held, 0);
}
