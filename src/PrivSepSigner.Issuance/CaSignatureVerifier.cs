using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Issuance;

/// <summary>
/// Checks each new signature against the public key in the CA certificate (not the key
/// backend's own idea of its key), through .NET's OpenSSL-backed RSA/ECDsa. A faulty
/// backend or a fault during signing (RSA-CRT faults leak the key) is caught before the
/// certificate leaves the signer.
/// </summary>
internal sealed class CaSignatureVerifier : IDisposable
{
    private readonly RSA? rsa;
    private readonly ECDsa? ecdsa;
    private readonly HashAlgorithmName hash;

    // Instance members of RSA/ECDsa are not documented as thread-safe.
    private readonly Lock gate = new();

    public CaSignatureVerifier(X509Certificate2 certificate, SignatureAlgorithm algorithm)
    {
        hash = SignatureAlgorithms.HashOf(algorithm);
        if (SignatureAlgorithms.IsEcdsa(algorithm))
        {
            ecdsa = certificate.GetECDsaPublicKey() ?? throw new CryptographicException("CA certificate does not hold an EC key");
        }
        else
        {
            rsa = certificate.GetRSAPublicKey() ?? throw new CryptographicException("CA certificate does not hold an RSA key");
        }
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        lock (gate)
        {
            return rsa is not null
                ? rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1)
                : ecdsa!.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }
    }

    public void Dispose()
    {
        rsa?.Dispose();
        ecdsa?.Dispose();
    }
}
