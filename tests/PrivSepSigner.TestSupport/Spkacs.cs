using System.Formats.Asn1;
using System.Security.Cryptography;

namespace PrivSepSigner.TestSupport;

/// <summary>
/// SPKACs made with .NET: SignedPublicKeyAndChallenge ::= SEQUENCE { PublicKeyAndChallenge
/// SEQUENCE { spki, challenge IA5String }, AlgorithmIdentifier, signature BIT STRING }.
/// </summary>
public static class Spkacs
{
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";

    /// <summary>A P-256 SPKAC signed with ECDSA-SHA256; <paramref name="spkiEdit"/> may change the SPKI before signing.</summary>
    public static byte[] P256(string challenge, Func<byte[], byte[]>? spkiEdit = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = key.ExportSubjectPublicKeyInfo();
        spki = spkiEdit?.Invoke(spki) ?? spki;

        var pkac = new AsnWriter(AsnEncodingRules.DER);
        using (pkac.PushSequence())
        {
            pkac.WriteEncodedValue(spki);
            pkac.WriteCharacterString(UniversalTagNumber.IA5String, challenge);
        }

        var signedPart = pkac.Encode();
        var signature = key.SignData(signedPart, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var outer = new AsnWriter(AsnEncodingRules.DER);
        using (outer.PushSequence())
        {
            outer.WriteEncodedValue(signedPart);
            using (outer.PushSequence())
            {
                outer.WriteObjectIdentifier(EcdsaWithSha256);
            }

            outer.WriteBitString(signature);
        }

        return outer.Encode();
    }

    /// <summary>Replaces the last occurrence of <paramref name="from"/> in <paramref name="data"/> (same length).</summary>
    public static byte[] ReplaceLast(byte[] data, byte[] from, byte[] to)
    {
        var at = data.AsSpan().LastIndexOf(from);
        if (at < 0 || from.Length != to.Length)
        {
            throw new ArgumentException("pattern not found or lengths differ");
        }

        var copy = data.ToArray();
        to.CopyTo(copy, at);
        return copy;
    }
}
