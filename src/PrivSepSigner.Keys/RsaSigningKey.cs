using System.Security.Cryptography;

namespace PrivSepSigner.Keys;

/// <summary>
/// An RSA private key held in process memory (OpenSSL-backed <see cref="RSA"/>), signing with
/// RSASSA-PKCS1-v1_5 and SHA-256 (RFC 4055 5).
/// </summary>
public sealed class RsaSigningKey : ISigningKey
{
    /// <summary>Smallest RSA key accepted for signing certificates (NIST SP 800-57 112-bit security).</summary>
    public const int MinimumBits = 2048;

    private readonly SafeEvpPKeyHandle key;
    private readonly KeyInstancePool<RSA> instances;
    private readonly byte[] subjectPublicKeyInfo;

    /// <summary>Takes ownership of <paramref name="rsa"/>; it is disposed with this key.</summary>
    public RsaSigningKey(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        if (rsa.KeySize < MinimumBits)
        {
            throw new CryptographicException($"RSA key of {rsa.KeySize} bits is too small; at least {MinimumBits} are required");
        }

        // Every instance is a view of the one OpenSSL key object (reference-counted, no copy of
        // the private key); each signing thread gets an instance of its own (KeyInstancePool).
        var openssl = OpenSslKeys.Adopt(rsa);
        key = openssl.DuplicateKeyHandle();
        instances = new KeyInstancePool<RSA>(openssl, () => new RSAOpenSsl(key));
        subjectPublicKeyInfo = openssl.ExportSubjectPublicKeyInfo();
        Description = $"RSA-{openssl.KeySize}";
    }

    public string Description { get; }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.RsaPkcs1Sha256;

    public byte[] SubjectPublicKeyInfo => (byte[])subjectPublicKeyInfo.Clone();

    public byte[] Sign(ReadOnlySpan<byte> data) =>
        instances.Use(data, static (rsa, d) => rsa.SignData(d, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public void Dispose()
    {
        instances.Dispose();
        key.Dispose();
    }
}
