using System.Formats.Asn1;

namespace PrivSepSigner.Policy;

/// <summary>
/// Key type and size read from a SubjectPublicKeyInfo's ASN.1 (RFC 5280 4.1.2.7), not by
/// importing the key a second time: the CSR and SPKAC parsers already imported it to verify
/// the signature, and a second import was most of the cost of parsing a request.
/// </summary>
internal static class SpkiFacts
{
    /// <exception cref="CsrException">The SubjectPublicKeyInfo is not valid DER.</exception>
    public static (KeyKind Kind, int Bits, string? Curve) Read(ReadOnlyMemory<byte> spki, string what)
    {
        try
        {
            var reader = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
            var algorithm = reader.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            switch (oid)
            {
                case "1.2.840.113549.1.1.1": // rsaEncryption, RFC 8017 A.1: RSAPublicKey ::= SEQUENCE { modulus, publicExponent }
                {
                    var key = new AsnReader(reader.ReadBitString(out _), AsnEncodingRules.DER).ReadSequence();
                    var modulus = key.ReadIntegerBytes().Span;
                    var start = 0;
                    while (start < modulus.Length - 1 && modulus[start] == 0)
                    {
                        start++;
                    }

                    var significant = modulus[start..];
                    var bits = ((significant.Length - 1) * 8) + (8 - System.Numerics.BitOperations.LeadingZeroCount((uint)significant[0]) + 24);
                    return (KeyKind.Rsa, bits, null);
                }

                case "1.2.840.10045.2.1": // id-ecPublicKey, RFC 5480 2.1.1: parameters namedCurve OID
                {
                    if (algorithm.PeekTag() != Asn1Tag.ObjectIdentifier)
                    {
                        return (KeyKind.Ec, 0, "explicit");
                    }

                    var curve = algorithm.ReadObjectIdentifier();
                    return (KeyKind.Ec, 0, KnownOids.CurveName(curve) ?? curve);
                }

                default:
                    return (KeyKind.Other, 0, null);
            }
        }
        catch (AsnContentException e)
        {
            throw new CsrException($"{what} public key could not be read", e);
        }
    }
}
