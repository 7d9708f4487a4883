using System.Security.Cryptography;

namespace PrivSepSigner.Keys;

/// <summary>
/// An ECDSA private key on a NIST curve held in process memory (OpenSSL-backed
/// <see cref="ECDsa"/>). The hash follows the curve size (RFC 5480 4): P-256/SHA-256,
/// P-384/SHA-384, P-521/SHA-512.
/// </summary>
public sealed class EcdsaSigningKey : ISigningKey
{
    private readonly SafeEvpPKeyHandle key;
    private readonly KeyInstancePool<ECDsa> instances;
    private readonly byte[] subjectPublicKeyInfo;
    private readonly HashAlgorithmName hash;

    /// <summary>Takes ownership of <paramref name="ecdsa"/>; it is disposed with this key.</summary>
    public EcdsaSigningKey(ECDsa ecdsa)
    {
        ArgumentNullException.ThrowIfNull(ecdsa);
        var curve = ecdsa.ExportParameters(false).Curve;
        var name = curve.IsNamed ? CurveName(curve.Oid.Value) : null;
        (Algorithm, Description) = name switch
        {
            "P-256" => (SignatureAlgorithm.EcdsaSha256, "EC-P256"),
            "P-384" => (SignatureAlgorithm.EcdsaSha384, "EC-P384"),
            "P-521" => (SignatureAlgorithm.EcdsaSha512, "EC-P521"),
            _ => throw new CryptographicException("EC key is not on a supported named curve (P-256, P-384, P-521)"),
        };
        // One OpenSSL key object, one .NET instance per signing thread (see RsaSigningKey).
        var openssl = OpenSslKeys.Adopt(ecdsa);
        key = openssl.DuplicateKeyHandle();
        instances = new KeyInstancePool<ECDsa>(openssl, () => new ECDsaOpenSsl(key));
        hash = SignatureAlgorithms.HashOf(Algorithm);
        subjectPublicKeyInfo = openssl.ExportSubjectPublicKeyInfo();
    }

    public string Description { get; }

    public SignatureAlgorithm Algorithm { get; }

    public byte[] SubjectPublicKeyInfo => (byte[])subjectPublicKeyInfo.Clone();

    /// <summary>Maps a named-curve OID (RFC 5480 2.1.1.1) to its NIST name, or null.</summary>
    public static string? CurveName(string? oid) => oid switch
    {
        "1.2.840.10045.3.1.7" => "P-256",
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        _ => null,
    };

    public byte[] Sign(ReadOnlySpan<byte> data) =>
        // RFC 5280 4.1.1.3 / RFC 3279 2.2.3: X.509 carries ECDSA signatures as
        // DER SEQUENCE { r, s }, not the IEEE P1363 concatenation .NET defaults to.
        instances.Use(new SignInput(data, hash), static (ecdsa, s) => ecdsa.SignData(s.Data, s.Hash, DSASignatureFormat.Rfc3279DerSequence));

    public void Dispose()
    {
        instances.Dispose();
        key.Dispose();
    }

    private readonly ref struct SignInput(ReadOnlySpan<byte> data, HashAlgorithmName hash)
    {
        public ReadOnlySpan<byte> Data { get; } = data;

        public HashAlgorithmName Hash { get; } = hash;
    }
}
