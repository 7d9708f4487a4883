using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using PrivSepSigner.Keys;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace PrivSepSigner.Issuance.OpenPgp;

/// <summary>
/// Version 4 certification signatures (RFC 4880 5.2.3) made by a key backend: BouncyCastle
/// encodes the subpackets and the packet, the hash input is laid out here, and the signature
/// is the backend's RSASSA-PKCS1-v1_5 with SHA-256, which is what an OpenPGP RSA signature is
/// (RFC 4880 5.2.2). Each signature is verified with the issuer's public key before it is used.
/// </summary>
internal static class OpenPgpSignatures
{
    public static PgpSignature Certification(ISigningKey signer, PgpPublicKey issuer, int signatureType, PgpPublicKey key, string userId, PgpSignatureSubpacketVector hashed, PgpSignatureSubpacketVector unhashed)
    {
        if (signer.Algorithm != SignatureAlgorithm.RsaPkcs1Sha256 || issuer.Algorithm is not (PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign))
        {
            throw new InvalidOperationException($"OpenPGP certifications are made with RSA and SHA-256, not {signer.Algorithm} for a {issuer.Algorithm} key");
        }

        var hashedSubpackets = Encode(hashed.ToArray());
        var toSign = HashInput(signatureType, issuer.Algorithm, key, userId, hashedSubpackets);
        var signature = signer.Sign(toSign);
        var leftBits = SHA256.HashData(toSign).AsSpan(0, 2).ToArray(); // RFC 4880 5.2.3: the hash's left 16 bits
        var packet = new SignaturePacket(signatureType, issuer.KeyId, issuer.Algorithm, HashAlgorithmTag.Sha256,
            hashed.ToArray(), unhashed.ToArray(), leftBits, [new MPInteger(new BcBigInteger(1, signature))]);
        var certification = Parse(packet.GetEncoded());

        certification.InitVerify(issuer);
        if (!certification.VerifyCertification(userId, key))
        {
            // A wrong key or a broken signature from the backend: never hand it out.
            throw new CryptographicException("the OpenPGP certification does not verify with the CA's public key");
        }

        return certification;
    }

    /// <summary>
    /// RFC 4880 5.2.4: the key (0x99, two-octet length, public key packet body), the user ID
    /// (0xB4, four-octet length, UTF-8), the signature's hashed part (version 4, type, key
    /// algorithm, hash algorithm, hashed subpackets with their two-octet length) and the trailer
    /// (0x04, 0xFF, four-octet length of that hashed part).
    /// </summary>
    private static byte[] HashInput(int signatureType, PublicKeyAlgorithmTag algorithm, PgpPublicKey key, string userId, byte[] hashedSubpackets)
    {
        var keyBody = key.PublicKeyPacket.GetEncodedContents();
        var uid = Encoding.UTF8.GetBytes(userId);
        using var data = new MemoryStream();
        data.WriteByte(0x99);
        WriteUInt16(data, keyBody.Length);
        data.Write(keyBody);
        data.WriteByte(0xB4);
        WriteUInt32(data, uid.Length);
        data.Write(uid);
        var hashedPart = 6 + hashedSubpackets.Length;
        data.Write([4, (byte)signatureType, (byte)algorithm, (byte)HashAlgorithmTag.Sha256]);
        WriteUInt16(data, hashedSubpackets.Length);
        data.Write(hashedSubpackets);
        data.Write([4, 0xFF]);
        WriteUInt32(data, hashedPart);
        return data.ToArray();
    }

    private static byte[] Encode(SignatureSubpacket[] subpackets)
    {
        using var data = new MemoryStream();
        foreach (var subpacket in subpackets)
        {
            subpacket.Encode(data);
        }

        return data.ToArray();
    }

    private static PgpSignature Parse(byte[] packet)
    {
        var parsed = new PgpObjectFactory(packet).NextPgpObject() as PgpSignatureList;
        return parsed is { Count: 1 } ? parsed[0] : throw new InvalidOperationException("the signature packet did not parse back");
    }

    private static void WriteUInt16(Stream s, int value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, checked((ushort)value));
        s.Write(b);
    }

    private static void WriteUInt32(Stream s, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, checked((uint)value));
        s.Write(b);
    }
}
