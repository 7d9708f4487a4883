using PrivSepSigner.Policy;

namespace PrivSepSigner.Fuzz.Targets;

/// <summary>PKCS#10 parsing in the signer (CsrInfo.Parse): only <see cref="CsrException"/> is expected.</summary>
internal static class CsrTarget
{
    public static void Run(byte[] input)
    {
        try
        {
            var csr = CsrInfo.Parse(input);

            // The facts the policy reads must be there for every accepted request.
            if (csr.SpkiDer.Length == 0 || csr.SpkiSha256Hex.Length != 64)
            {
                throw new InvalidOperationException("an accepted CSR has no key");
            }
        }
        catch (CsrException)
        {
        }
    }
}
