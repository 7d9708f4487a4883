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
    private readonly KeyInstancePool<RSA>? rsa;
    private readonly KeyInstancePool<ECDsa>? ecdsa;
    private readonly HashAlgorithmName hash;

    public CaSignatureVerifier(X509Certificate2 certificate, SignatureAlgorithm algorithm)
    {
        hash = SignatureAlgorithms.HashOf(algorithm);

        // .NET does not promise an instance may verify on two threads at once: one per thread,
        // each made from the certificate's own SubjectPublicKeyInfo.
        var spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        if (SignatureAlgorithms.IsEcdsa(algorithm))
        {
            var first = certificate.GetECDsaPublicKey() ?? throw new CryptographicException("CA certificate does not hold an EC key");
            ecdsa = PoolOf(first, ECDsa.Create, spki);
        }
        else
        {
            var first = certificate.GetRSAPublicKey() ?? throw new CryptographicException("CA certificate does not hold an RSA key");
            rsa = PoolOf(first, RSA.Create, spki);
        }
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var input = new VerifyInput(data, signature, hash);
        return rsa is not null
            ? rsa.Use(input, static (key, v) => key.VerifyData(v.Data, v.Signature, v.Hash, RSASignaturePadding.Pkcs1))
            : ecdsa!.Use(input, static (key, v) => key.VerifyData(v.Data, v.Signature, v.Hash, DSASignatureFormat.Rfc3279DerSequence));
    }

    public void Dispose()
    {
        rsa?.Dispose();
        ecdsa?.Dispose();
    }

    /// <summary>The certificate's own key object first; more, when threads verify at once, imported from its SubjectPublicKeyInfo.</summary>
    private static KeyInstancePool<T> PoolOf<T>(T first, Func<T> create, byte[] spki)
        where T : AsymmetricAlgorithm
    {
        T Load()
        {
            var key = create();
            try
            {
                key.ImportSubjectPublicKeyInfo(spki, out _);
                return key;
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }

        return new KeyInstancePool<T>(first, Load);
    }

    private readonly ref struct VerifyInput(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash)
    {
        public ReadOnlySpan<byte> Data { get; } = data;

        public ReadOnlySpan<byte> Signature { get; } = signature;

        public HashAlgorithmName Hash { get; } = hash;
    }
}
