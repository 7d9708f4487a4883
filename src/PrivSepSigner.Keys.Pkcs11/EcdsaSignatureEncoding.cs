using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace PrivSepSigner.Keys.Pkcs11;

/// <summary>
/// CKM_ECDSA returns r||s, each the field size, big-endian (PKCS#11 v2.40 2.3.1); X.509
/// wants DER SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 2.2.3).
/// </summary>
internal static class EcdsaSignatureEncoding
{
    public static byte[] RawToDer(ReadOnlySpan<byte> raw, int fieldBytes)
    {
        if (raw.Length != 2 * fieldBytes)
        {
            throw new CryptographicException($"ECDSA signature of {raw.Length} bytes from the token; expected {2 * fieldBytes}");
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new BigInteger(raw[..fieldBytes], isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new BigInteger(raw[fieldBytes..], isUnsigned: true, isBigEndian: true));
        }

        return writer.Encode();
    }
}
