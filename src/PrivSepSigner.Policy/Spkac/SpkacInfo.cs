using System.Formats.Asn1;
using System.Security.Cryptography;

namespace PrivSepSigner.Policy.Spkac;

/// <summary>
/// A Netscape SignedPublicKeyAndChallenge (the `keygen`/`openssl spkac` format), parsed and
/// its signature verified through .NET's OpenSSL-backed RSA/ECDsa:
/// <code>
/// SignedPublicKeyAndChallenge ::= SEQUENCE { publicKeyAndChallenge PublicKeyAndChallenge,
///     signatureAlgorithm AlgorithmIdentifier, signature BIT STRING }
/// PublicKeyAndChallenge ::= SEQUENCE { spki SubjectPublicKeyInfo, challenge IA5String }
/// </code>
/// MD5 and SHA-1 signatures are refused. Malformed input throws <see cref="CsrException"/>.
/// </summary>
public sealed class SpkacInfo
{
    private SpkacInfo(byte[] spkiDer, string challenge)
    {
        SpkiDer = spkiDer;
        Challenge = challenge;
    }

    public byte[] SpkiDer { get; }

    public string Challenge { get; }

    /// <summary>Parses DER, or the text form "SPKAC=base64" that `openssl spkac` prints.</summary>
    public static SpkacInfo Parse(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0 || input.Length > CsrInfo.MaxDerBytes)
        {
            throw new CsrException($"SPKAC must be 1..{CsrInfo.MaxDerBytes} bytes");
        }

        var der = input[0] == 0x30 ? input.ToArray() : FromText(input);
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var signed = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var signedPart = signed.ReadEncodedValue();
            var algorithm = signed.ReadSequence();
            var algorithmOid = algorithm.ReadObjectIdentifier();
            var signature = signed.ReadBitString(out var unused);
            signed.ThrowIfNotEmpty();
            if (unused != 0)
            {
                throw new CsrException("SPKAC signature BIT STRING has unused bits");
            }

            var pkac = new AsnReader(signedPart, AsnEncodingRules.DER).ReadSequence();
            var spki = pkac.ReadEncodedValue().ToArray();
            var challenge = pkac.ReadCharacterString(UniversalTagNumber.IA5String);
            pkac.ThrowIfNotEmpty();
            Verify(spki, algorithmOid, signedPart.Span, signature);
            return new SpkacInfo(spki, challenge);
        }
        catch (AsnContentException e)
        {
            throw new CsrException("SPKAC is not valid DER", e);
        }
        catch (CryptographicException e)
        {
            throw new CsrException("SPKAC public key could not be read", e);
        }
    }

    private static byte[] FromText(ReadOnlySpan<byte> input)
    {
        var text = System.Text.Encoding.ASCII.GetString(input).Trim();
        if (text.StartsWith("SPKAC=", StringComparison.Ordinal))
        {
            text = text["SPKAC=".Length..];
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new CsrException("SPKAC is neither DER nor SPKAC=base64", e);
        }
    }

    private static void Verify(byte[] spki, string algorithmOid, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        bool ok;
        switch (algorithmOid)
        {
            case "1.2.840.113549.1.1.11": // sha256WithRSAEncryption
            case "1.2.840.113549.1.1.12": // sha384WithRSAEncryption
            case "1.2.840.113549.1.1.13": // sha512WithRSAEncryption
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(spki, out _);
                ok = rsa.VerifyData(data, signature, Hash(algorithmOid), RSASignaturePadding.Pkcs1);
                break;
            }

            case "1.2.840.10045.4.3.2": // ecdsa-with-SHA256
            case "1.2.840.10045.4.3.3": // ecdsa-with-SHA384
            case "1.2.840.10045.4.3.4": // ecdsa-with-SHA512
            {
                using var ec = ECDsa.Create();
                ec.ImportSubjectPublicKeyInfo(spki, out _);
                ok = ec.VerifyData(data, signature, Hash(algorithmOid), DSASignatureFormat.Rfc3279DerSequence);
                break;
            }

            case "1.2.840.113549.1.1.4": // md5WithRSAEncryption
            case "1.2.840.113549.1.1.5": // sha1WithRSAEncryption
            case "1.2.840.10045.4.1": // ecdsa-with-SHA1
                throw new CsrException("SPKAC is signed with MD5 or SHA-1, which are refused; sign it with SHA-256 or better");
            default:
                throw new CsrException($"SPKAC signature algorithm {algorithmOid} is not supported");
        }

        if (!ok)
        {
            throw new CsrException("SPKAC signature does not verify");
        }
    }

    private static HashAlgorithmName Hash(string oid) => oid switch
    {
        "1.2.840.113549.1.1.11" or "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
        "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };
}
