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

    private readonly RSA rsa;
    private readonly byte[] subjectPublicKeyInfo;

    // .NET documents instance members of RSA as not guaranteed thread-safe; the lock is
    // negligible next to an RSA signature.
    private readonly Lock gate = new();

    /// <summary>Takes ownership of <paramref name="rsa"/>; it is disposed with this key.</summary>
    public RsaSigningKey(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        if (rsa.KeySize < MinimumBits)
        {
            throw new CryptographicException($"RSA key of {rsa.KeySize} bits is too small; at least {MinimumBits} are required");
        }

        this.rsa = rsa;
        subjectPublicKeyInfo = rsa.ExportSubjectPublicKeyInfo();
        Description = $"RSA-{rsa.KeySize}";
    }

    public string Description { get; }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.RsaPkcs1Sha256;

    public byte[] SubjectPublicKeyInfo => (byte[])subjectPublicKeyInfo.Clone();

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        lock (gate)
        {
            return rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            rsa.Dispose();
        }
    }
}
