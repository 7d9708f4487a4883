using System.Formats.Asn1;
using System.Security.Cryptography;

namespace PrivSepSigner.Policy;

/// <summary>
/// The signature algorithms a request (PKCS#10 or SPKAC) may be self-signed with, in one
/// table for both parsers: proof of possession with a broken digest proves nothing, so MD5
/// and SHA-1 are refused with one message wherever they appear.
/// </summary>
internal static class RequestSignatures
{
    /// <summary>The three parts of a signed request: the exact bytes signed, the algorithm's OID, the signature.</summary>
    public readonly record struct Signed(ReadOnlyMemory<byte> Data, string AlgorithmOid, byte[] Signature);

    /// <summary>What the signature algorithm needs from the key and which digest it uses.</summary>
    public readonly record struct Algorithm(KeyKind Key, HashAlgorithmName Hash);

    /// <summary>The algorithm for <paramref name="oid"/>, or null for one this table does not name.</summary>
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

    /// <summary>
    /// The outer SEQUENCE { signed data, AlgorithmIdentifier, BIT STRING } that PKCS#10
    /// (RFC 2986 4.2) and SPKAC share, read with a strict DER reader and nothing after it.
    /// The parameters are NULL (RSA, RFC 4055 5) or absent (ECDSA, RFC 5758 3.2), nothing else.
    /// </summary>
    /// <exception cref="AsnContentException">Not DER of that shape.</exception>
    /// <exception cref="CsrException">The signature BIT STRING has unused bits.</exception>
    public static Signed ReadSigned(ReadOnlyMemory<byte> der, string what)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var signed = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var data = signed.ReadEncodedValue();
        var algorithm = signed.ReadSequence();
        var algorithmOid = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
        {
            algorithm.ReadNull();
        }

        algorithm.ThrowIfNotEmpty();
        var signature = signed.ReadBitString(out var unused);
        signed.ThrowIfNotEmpty();
        if (unused != 0)
        {
            throw new CsrException($"{what} signature BIT STRING has unused bits");
        }

        return new Signed(data, algorithmOid, signature);
    }

    /// <summary>
    /// Whether <paramref name="signature"/> over <paramref name="signed"/> verifies under the
    /// request's own key (proof of possession), through .NET's OpenSSL-backed RSA/ECDsa. One
    /// path for PKCS#10 and SPKAC: the key and the algorithm must be ones this table names,
    /// and must agree, before anything is imported.
    /// </summary>
    /// <param name="what">"request" or "SPKAC", for the messages.</param>
    /// <exception cref="CsrException">The key or the signature algorithm is not supported, they do not match, or the key cannot be imported.</exception>
    public static bool Verify(ReadOnlySpan<byte> spki, SpkiFacts key, string algorithmOid, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signature, string what)
    {
        if (key.Kind == KeyKind.Other)
        {
            throw new CsrException($"{what} public key algorithm {key.AlgorithmName} is not supported; the signer certifies {SpkiFacts.Supported}");
        }

        var algorithm = Find(algorithmOid, what)
            ?? throw new CsrException($"{what} signature algorithm {algorithmOid} is not supported; the signer accepts RSA PKCS#1 v1.5 or ECDSA with SHA-256, SHA-384 or SHA-512");
        if (algorithm.Key != key.Kind)
        {
            throw new CsrException($"{what} signature algorithm {algorithmOid} does not match its {key.AlgorithmName} key");
        }

        try
        {
            if (algorithm.Key == KeyKind.Rsa)
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(spki, out _);
                return rsa.VerifyData(signed, signature, algorithm.Hash, RSASignaturePadding.Pkcs1);
            }

            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(spki, out _);
            return ec.VerifyData(signed, signature, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException e)
        {
            throw new CsrException($"{what} public key could not be read", e);
        }
        catch (NotSupportedException e)
        {
            // OpenSSL-backed import throws PlatformNotSupportedException for an unknown named
            // curve (found by fuzz/run.sh, target spkac).
            throw new CsrException($"{what} public key uses an unsupported algorithm or curve", e);
        }
    }
}
