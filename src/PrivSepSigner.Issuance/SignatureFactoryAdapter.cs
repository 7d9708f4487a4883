using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Issuance;

/// <summary>
/// The one bridge from BouncyCastle's generators (certificates, CRLs) to a key backend:
/// BouncyCastle builds and encodes the structure, the bytes to be signed are collected here
/// and signed by <see cref="ISigningKey"/> (OpenSSL or PKCS#11), which is 17x faster than
/// BouncyCastle's own RSA and keeps the private key out of BouncyCastle entirely.
/// </summary>
public sealed class SignatureFactoryAdapter : ISignatureFactory
{
    private readonly ISigningKey key;
    private readonly AlgorithmIdentifier algorithm;

    /// <summary>Does not take ownership of <paramref name="key"/>.</summary>
    public SignatureFactoryAdapter(ISigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        this.key = key;
        algorithm = SignatureAlgorithmIds.For(key.Algorithm);
    }

    /// <summary>The AlgorithmIdentifier to place in the structure being signed.</summary>
    public object AlgorithmDetails => algorithm;

    public IStreamCalculator<IBlockResult> CreateCalculator() => new SigningStreamCalculator(key);
}
