using PrivSepSigner.Issuance.OpenPgp;

namespace PrivSepSigner.Fuzz.Targets;

/// <summary>
/// A submitted OpenPGP public key, through the real certifier (parse, algorithm and expiry
/// checks, self-signature verification, certification): only <see cref="PgpRefusedException"/>
/// is expected.
/// </summary>
internal static class OpenPgpTarget
{
    // Made once per process: RSA-3072 generation costs seconds, certifying a valid key does not.
    private static readonly Lazy<OpenPgpCaKey> Ca = new(() => OpenPgpCaKey.Generate("Fuzz CA <ca@fuzz.invalid>", Now));

    // A fixed clock keeps a seed's outcome the same from run to run.
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Run(byte[] input)
    {
        try
        {
            var (armored, _, certified) = OpenPgpCertifier.Certify(Ca.Value, input, [], Now);
            if (armored.Length == 0 || certified.Count == 0)
            {
                throw new InvalidOperationException("a certified key without output or user IDs");
            }
        }
        catch (PgpRefusedException)
        {
        }
    }
}
