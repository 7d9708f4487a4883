using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Issuance;

/// <summary>AlgorithmIdentifier values for the signatures our keys produce.</summary>
internal static class SignatureAlgorithmIds
{
    public static AlgorithmIdentifier For(SignatureAlgorithm algorithm) => algorithm switch
    {
        // RFC 4055 5: sha256WithRSAEncryption parameters MUST be NULL.
        SignatureAlgorithm.RsaPkcs1Sha256 => new AlgorithmIdentifier(new DerObjectIdentifier("1.2.840.113549.1.1.11"), DerNull.Instance),

        // RFC 5758 3.2: ecdsa-with-SHA* parameters MUST be absent.
        SignatureAlgorithm.EcdsaSha256 => new AlgorithmIdentifier(new DerObjectIdentifier("1.2.840.10045.4.3.2")),
        SignatureAlgorithm.EcdsaSha384 => new AlgorithmIdentifier(new DerObjectIdentifier("1.2.840.10045.4.3.3")),
        SignatureAlgorithm.EcdsaSha512 => new AlgorithmIdentifier(new DerObjectIdentifier("1.2.840.10045.4.3.4")),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signature algorithm"),
    };
}
