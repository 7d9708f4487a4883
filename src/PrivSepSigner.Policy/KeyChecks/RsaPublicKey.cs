using System.Formats.Asn1;
using System.Numerics;

namespace PrivSepSigner.Policy.KeyChecks;

/// <summary>Modulus and exponent read from a SubjectPublicKeyInfo's RSAPublicKey (RFC 8017 A.1.1).</summary>
public readonly record struct RsaPublicKey(BigInteger Modulus, BigInteger Exponent)
{
    public static RsaPublicKey FromSpki(ReadOnlyMemory<byte> spki)
    {
        var outer = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
        _ = outer.ReadSequence(); // AlgorithmIdentifier, already known to be rsaEncryption
        var key = new AsnReader(outer.ReadBitString(out _), AsnEncodingRules.DER).ReadSequence();
        var n = new BigInteger(key.ReadIntegerBytes().Span, isUnsigned: true, isBigEndian: true);
        var e = new BigInteger(key.ReadIntegerBytes().Span, isUnsigned: true, isBigEndian: true);
        return new RsaPublicKey(n, e);
    }
}
