using System.Security.Cryptography;

namespace PrivSepSigner.Keys;

/// <summary>Facts about <see cref="SignatureAlgorithm"/> values shared by signers and verifiers.</summary>
public static class SignatureAlgorithms
{
    /// <summary>The hash a signature of this algorithm is computed over.</summary>
    public static HashAlgorithmName HashOf(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.RsaPkcs1Sha256 => HashAlgorithmName.SHA256,
        SignatureAlgorithm.EcdsaSha256 => HashAlgorithmName.SHA256,
        SignatureAlgorithm.EcdsaSha384 => HashAlgorithmName.SHA384,
        SignatureAlgorithm.EcdsaSha512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown signature algorithm"),
    };

    /// <summary>True for the ECDSA algorithms (signature is a DER SEQUENCE of r and s, RFC 3279 2.2.3).</summary>
    public static bool IsEcdsa(SignatureAlgorithm algorithm) => algorithm != SignatureAlgorithm.RsaPkcs1Sha256;
}
