using System.Security.Cryptography;

namespace PrivSepSigner.Policy;

/// <summary>
/// The signature algorithms a request (PKCS#10 or SPKAC) may be self-signed with, in one
/// table for both parsers: proof of possession with a broken digest proves nothing, so MD5
/// and SHA-1 are refused with one message wherever they appear.
/// </summary>
internal static class RequestSignatures
{
    /// <summary>What the signature algorithm needs from the key and which digest it uses.</summary>
    public readonly record struct Algorithm(KeyKind Key, HashAlgorithmName Hash);

    /// <summary>
    /// The algorithm for <paramref name="oid"/>, or null for one this table does not name
    /// (a CSR leaves that to .NET's verifier; an SPKAC refuses it).
    /// </summary>
    /// <exception cref="CsrException">The algorithm uses MD5 or SHA-1.</exception>
    public static Algorithm? Find(string oid, string what) => oid switch
    {
        // RFC 4055 5 / RFC 8017 A.2.4: PKCS #1 v1.5 signatures.
        "1.2.840.113549.1.1.11" => new(KeyKind.Rsa, HashAlgorithmName.SHA256),
        "1.2.840.113549.1.1.12" => new(KeyKind.Rsa, HashAlgorithmName.SHA384),
        "1.2.840.113549.1.1.13" => new(KeyKind.Rsa, HashAlgorithmName.SHA512),

        // RFC 5758 3.2: ECDSA.
        "1.2.840.10045.4.3.2" => new(KeyKind.Ec, HashAlgorithmName.SHA256),
        "1.2.840.10045.4.3.3" => new(KeyKind.Ec, HashAlgorithmName.SHA384),
        "1.2.840.10045.4.3.4" => new(KeyKind.Ec, HashAlgorithmName.SHA512),

        // md5WithRSAEncryption, sha1WithRSAEncryption (RFC 3279 2.2.1), the OIW sha1WithRSA,
        // ecdsa-with-SHA1 (RFC 3279 2.2.3), dsa-with-sha1 (RFC 3279 2.2.2).
        "1.2.840.113549.1.1.4" or "1.2.840.113549.1.1.5" or "1.3.14.3.2.29" or "1.2.840.10045.4.1" or "1.2.840.10040.4.3"
            => throw new CsrException($"{what} is signed with MD5 or SHA-1, which are refused; sign it with SHA-256 or better"),
        _ => null,
    };
}
