using System.Formats.Asn1;
using System.Numerics;
using PrivSepSigner.Policy.KeyChecks;

namespace PrivSepSigner.Policy;

/// <summary>
/// Key type and size read from a SubjectPublicKeyInfo's ASN.1 (RFC 5280 4.1.2.7), not by
/// importing the key a second time (the CSR and SPKAC parsers import it to verify the
/// signature, and a second import was most of the cost of parsing a request), and the
/// key's canonical encoding: what is hashed (blocked list, uniqueKey, logs) and what goes
/// into the certificate, so that two encodings of one key are one key (issue 22 item 2).
/// </summary>
/// <param name="Kind">RSA, EC, or another algorithm.</param>
/// <param name="Bits">Modulus size for RSA keys, else 0.</param>
/// <param name="Curve">"P-256", "P-384", "P-521"; another curve's OID or "explicit"; null for non-EC keys.</param>
/// <param name="AlgorithmName">The key algorithm for messages, e.g. "RSA", "EC", "Ed25519 (1.3.101.112)".</param>
/// <param name="CanonicalDer">RFC 3279 2.3.1 / RFC 5480 2 encoding of the key; the input itself for keys this code cannot re-encode (refused later by policy).</param>
/// <remarks>
/// Read once per request (issue 21 item 7): the key checks take <see cref="RsaKey"/> and the
/// TBS builder takes <see cref="CurveOid"/> and <see cref="PublicKeyBits"/> from here instead
/// of reading <see cref="CanonicalDer"/> again with another ASN.1 stack.
/// </remarks>
internal sealed record SpkiFacts(KeyKind Kind, int Bits, string? Curve, string AlgorithmName, byte[] CanonicalDer)
{
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string IdEcPublicKey = "1.2.840.10045.2.1";

    /// <summary>What the signer certifies, for messages.</summary>
    public const string Supported = "RSA (rsaEncryption) and EC keys on P-256, P-384 or P-521 (id-ecPublicKey, named curve, uncompressed point)";

    /// <summary>Modulus and exponent of an RSA key, else null: the numbers the weak-key checks test.</summary>
    public RsaPublicKey? RsaKey { get; private init; }

    /// <summary>The named curve's OID of an EC key whose canonical encoding was written, else null.</summary>
    public string? CurveOid { get; private init; }

    /// <summary>The subjectPublicKey BIT STRING's contents (RFC 5280 4.1.2.7) of a key whose canonical encoding was written, else empty.</summary>
    public ReadOnlyMemory<byte> PublicKeyBits { get; private init; }

    /// <exception cref="CsrException">The SubjectPublicKeyInfo is not valid DER or not a valid key of its algorithm.</exception>
    public static SpkiFacts Read(ReadOnlyMemory<byte> spki, string what)
    {
        try
        {
            var outer = new AsnReader(spki, AsnEncodingRules.DER);
            var reader = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var algorithm = reader.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            var key = reader.ReadBitString(out var unused);
            reader.ThrowIfNotEmpty();
            if (unused != 0)
            {
                throw new CsrException($"{what} public key BIT STRING has unused bits");
            }

            return oid switch
            {
                RsaEncryption => Rsa(algorithm, key, what),
                IdEcPublicKey => Ec(algorithm, key, spki, what),
                _ => new SpkiFacts(KeyKind.Other, 0, null, Name(oid), spki.ToArray()),
            };
        }
        catch (AsnContentException e)
        {
            throw new CsrException($"{what} public key could not be read", e);
        }
    }

    /// <summary>RFC 3279 2.3.1: parameters NULL; RFC 8017 A.1.1: RSAPublicKey ::= SEQUENCE { modulus, publicExponent }.</summary>
    private static SpkiFacts Rsa(AsnReader algorithm, byte[] key, string what)
    {
        // Absent parameters are read (.NET and openssl accept them) but never written back.
        if (algorithm.HasData)
        {
            if (algorithm.PeekTag() != Asn1Tag.Null)
            {
                throw new CsrException($"{what} RSA key: the AlgorithmIdentifier parameters must be NULL (RFC 3279 2.3.1)");
            }

            algorithm.ReadNull();
            algorithm.ThrowIfNotEmpty();
        }

        var outer = new AsnReader(key, AsnEncodingRules.DER);
        var sequence = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var modulus = sequence.ReadIntegerBytes();
        var exponent = sequence.ReadIntegerBytes();
        sequence.ThrowIfNotEmpty();
        if ((modulus.Span[0] & 0x80) != 0 || (exponent.Span[0] & 0x80) != 0)
        {
            throw new CsrException($"{what} RSA key has a negative modulus or exponent");
        }

        var inner = new AsnWriter(AsnEncodingRules.DER);
        using (inner.PushSequence())
        {
            inner.WriteInteger(modulus.Span);
            inner.WriteInteger(exponent.Span);
        }

        var bitString = inner.Encode();

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(RsaEncryption);
                writer.WriteNull();
            }

            writer.WriteBitString(bitString);
        }

        var significant = modulus.Span[0] == 0 ? modulus.Span[1..] : modulus.Span;
        var bits = significant.IsEmpty ? 0 : ((significant.Length - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)significant[0]));
        return new SpkiFacts(KeyKind.Rsa, bits, null, "RSA", writer.Encode())
        {
            RsaKey = new RsaPublicKey(
                new BigInteger(modulus.Span, isUnsigned: true, isBigEndian: true),
                new BigInteger(exponent.Span, isUnsigned: true, isBigEndian: true)),
            PublicKeyBits = bitString,
        };
    }

    /// <summary>RFC 5480 2.1.1: parameters namedCurve; 2.2: ECPoint, uncompressed (04 || X || Y) for the curves certified here.</summary>
    private static SpkiFacts Ec(AsnReader algorithm, byte[] point, ReadOnlyMemory<byte> spki, string what)
    {
        if (!algorithm.HasData || algorithm.PeekTag() != Asn1Tag.ObjectIdentifier)
        {
            // Explicit (or missing) curve parameters: never certified, refused by every profile.
            return new SpkiFacts(KeyKind.Ec, 0, "explicit", "EC", spki.ToArray());
        }

        var curveOid = algorithm.ReadObjectIdentifier();
        algorithm.ThrowIfNotEmpty();
        var curve = KnownOids.CurveName(curveOid);
        if (curve is null)
        {
            return new SpkiFacts(KeyKind.Ec, 0, curveOid, "EC", spki.ToArray());
        }

        var fieldBytes = curve switch { "P-256" => 32, "P-384" => 48, _ => 66 };
        if (point.Length > 0 && point[0] is 0x02 or 0x03)
        {
            throw new CsrException($"{what} public key is a compressed {curve} point; only uncompressed points (RFC 5480 2.2: 04 || X || Y) are accepted: export the key uncompressed (openssl ec -conv_form uncompressed) and make the request again");
        }

        if (point.Length != 1 + (2 * fieldBytes) || point[0] != 0x04)
        {
            throw new CsrException($"{what} public key is not an uncompressed {curve} point (RFC 5480 2.2: 04 || X || Y, {1 + (2 * fieldBytes)} octets)");
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(IdEcPublicKey);
                writer.WriteObjectIdentifier(curveOid);
            }

            writer.WriteBitString(point);
        }

        return new SpkiFacts(KeyKind.Ec, 0, curve, "EC", writer.Encode()) { CurveOid = curveOid, PublicKeyBits = point };
    }

    /// <summary>Names of key algorithms a requester might try, for the refusal message.</summary>
    private static string Name(string oid) => oid switch
    {
        "1.3.101.110" => "X25519 (1.3.101.110)",
        "1.3.101.111" => "X448 (1.3.101.111)",
        "1.3.101.112" => "Ed25519 (1.3.101.112)",
        "1.3.101.113" => "Ed448 (1.3.101.113)",
        "1.2.840.10040.4.1" => "DSA (1.2.840.10040.4.1)",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS (1.2.840.113549.1.1.10)",
        "1.2.840.113549.1.1.7" => "RSAES-OAEP (1.2.840.113549.1.1.7)",
        "1.2.840.10046.2.1" => "Diffie-Hellman (1.2.840.10046.2.1)",
        "1.2.156.10197.1.301" => "SM2 (1.2.156.10197.1.301)",
        _ => oid,
    };
}
