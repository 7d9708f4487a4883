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
    /// <summary>Largest text form: the base64 of the largest DER plus "SPKAC=" and line breaks.</summary>
    public const int MaxTextChars = ((CsrInfo.MaxDerBytes + 2) / 3 * 4) + 1024;

    private SpkacInfo(SpkiFacts key, string challenge)
    {
        Key = key;
        Challenge = challenge;
        SpkiSha256Hex = Convert.ToHexStringLower(SHA256.HashData(key.CanonicalDer));
    }

    /// <summary>The SubjectPublicKeyInfo, canonically re-encoded as <see cref="CsrInfo.SpkiDer"/> (a copy).</summary>
    public byte[] SpkiDer => (byte[])Key.CanonicalDer.Clone();

    public KeyKind KeyKind => Key.Kind;

    /// <summary>Modulus size for RSA keys, else 0.</summary>
    public int RsaBits => Key.Bits;

    /// <summary>"P-256", "P-384", "P-521" for those curves; another curve's OID or "explicit" otherwise; null for non-EC keys.</summary>
    public string? CurveName => Key.Curve;

    /// <summary>The challenge string; the front end compares it with the one it handed out.</summary>
    public string Challenge { get; }

    /// <summary>Lowercase hex SHA-256 of <see cref="SpkiDer"/>, as <see cref="CsrInfo.SpkiSha256Hex"/>.</summary>
    public string SpkiSha256Hex { get; }

    internal SpkiFacts Key { get; }

    /// <summary>Parses the text form "SPKAC=base64" that `openssl spkac` prints (or bare base64).</summary>
    public static SpkacInfo Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextChars)
        {
            throw new CsrException($"SPKAC text must be at most {MaxTextChars} characters");
        }

        if (!System.Text.Ascii.IsValid(text))
        {
            throw new CsrException("SPKAC text is not ASCII");
        }

        return Parse(System.Text.Encoding.ASCII.GetBytes(text));
    }

    /// <summary>Parses DER, or the text form "SPKAC=base64" that `openssl spkac` prints.</summary>
    public static SpkacInfo Parse(ReadOnlySpan<byte> input)
    {
        // Checked before anything is allocated; the DER limit is the CSR limit.
        if (input.Length == 0 || input.Length > MaxTextChars)
        {
            throw new CsrException($"SPKAC must be 1..{MaxTextChars} bytes");
        }

        var der = input[0] == 0x30 ? input.ToArray() : FromText(input);
        if (der.Length > CsrInfo.MaxDerBytes)
        {
            throw new CsrException($"SPKAC is {der.Length} bytes of DER; at most {CsrInfo.MaxDerBytes} are accepted");
        }

        return ParseCore(der);
    }

    private static SpkacInfo ParseCore(byte[] der)
    {
        try
        {
            // SignedPublicKeyAndChallenge ::= SEQUENCE { publicKeyAndChallenge, signatureAlgorithm, signature }
            var signed = RequestSignatures.ReadSigned(der, "SPKAC");
            var pkac = new AsnReader(signed.Data, AsnEncodingRules.DER).ReadSequence();
            var spki = pkac.ReadEncodedValue().ToArray();
            var challenge = pkac.ReadCharacterString(UniversalTagNumber.IA5String);
            pkac.ThrowIfNotEmpty();

            // The key's own faults (a compressed point, an unsupported algorithm) are named
            // before the import for the signature check would only say "could not be read".
            var key = SpkiFacts.Read(spki, "SPKAC");
            if (!RequestSignatures.Verify(spki, key, signed.AlgorithmOid, signed.Data.Span, signed.Signature, "SPKAC"))
            {
                throw new CsrException("SPKAC signature does not verify");
            }

            return new SpkacInfo(key, challenge);
        }
        catch (AsnContentException e)
        {
            throw new CsrException("SPKAC is not valid DER", e);
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

}
