namespace PrivSepSigner.Keys;

/// <summary>
/// The signature algorithms a key backend produces. Each key has exactly one: the hash is
/// tied to the key (RFC 5480 4 pairs P-256/SHA-256, P-384/SHA-384, P-521/SHA-512) so a
/// caller can never ask for a weaker combination.
/// </summary>
public enum SignatureAlgorithm
{
    /// <summary>sha256WithRSAEncryption, RSASSA-PKCS1-v1_5 (RFC 4055 5).</summary>
    RsaPkcs1Sha256,

    /// <summary>ecdsa-with-SHA256 (RFC 5758 3.2).</summary>
    EcdsaSha256,

    /// <summary>ecdsa-with-SHA384 (RFC 5758 3.2).</summary>
    EcdsaSha384,

    /// <summary>ecdsa-with-SHA512 (RFC 5758 3.2).</summary>
    EcdsaSha512,
}
