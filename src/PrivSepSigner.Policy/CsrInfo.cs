using System.Collections.Immutable;
using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;

namespace PrivSepSigner.Policy;

/// <summary>
/// Everything the signer uses from a PKCS#10 request (RFC 2986), parsed from hostile DER.
/// The structure, the signature algorithm (no MD5 or SHA-1), the key and the extension
/// requests are read once with a strict DER reader, then the self-signature is verified by
/// .NET's OpenSSL-backed RSA/ECDsa over the exact bytes read; the key
/// is kept in its canonical encoding, never as the request spelled it. Every failure is a
/// <see cref="CsrException"/>.
/// </summary>
public sealed class CsrInfo
{
    /// <summary>Largest request accepted; an RSA-16384 CSR with many SANs fits easily.</summary>
    public const int MaxDerBytes = 16384;

    private readonly SpkiFacts key;

    private CsrInfo(
        SpkiFacts key,
        ImmutableArray<SubjectAttribute> subject,
        ImmutableArray<SanEntry> sans,
        bool requestsCa,
        ImmutableArray<string> extensionOids)
    {
        this.key = key;
        SpkiDer = key.CanonicalDer;
        KeyKind = key.Kind;
        KeyAlgorithmName = key.AlgorithmName;
        RsaBits = key.Bits;
        CurveName = key.Curve;
        SubjectAttributes = subject;
        Sans = sans;
        RequestsCa = requestsCa;
        RequestedExtensionOids = extensionOids;
        SpkiSha256Hex = Convert.ToHexStringLower(SHA256.HashData(SpkiDer));
    }

    /// <summary>
    /// The request's SubjectPublicKeyInfo re-encoded canonically (RFC 3279 2.3.1, RFC 5480 2):
    /// what is hashed and what the certificate carries, whatever encoding the request used.
    /// </summary>
    public byte[] SpkiDer { get; }

    public KeyKind KeyKind { get; }

    /// <summary>Modulus and exponent of an RSA key (read with <see cref="SpkiDer"/>, from the same bytes), else null.</summary>
    public KeyChecks.RsaPublicKey? RsaKey => key.RsaKey;

    /// <summary>The named curve's OID of an EC key on a curve this signer can encode, else null.</summary>
    public string? CurveOid => key.CurveOid;

    /// <summary>
    /// The subjectPublicKey BIT STRING's contents (RFC 5280 4.1.2.7) inside <see cref="SpkiDer"/>,
    /// for an RSA key or a named-curve EC key; empty for a key this signer never certifies.
    /// </summary>
    public ReadOnlyMemory<byte> PublicKeyBits => key.PublicKeyBits;

    /// <summary>The key algorithm for messages: "RSA", "EC", or e.g. "DSA (1.2.840.10040.4.1)".</summary>
    public string KeyAlgorithmName { get; }

    /// <summary>Modulus size for RSA keys, else 0.</summary>
    public int RsaBits { get; }

    /// <summary>"P-256", "P-384", "P-521" for those curves; another curve's OID or "explicit" otherwise; null for non-EC keys.</summary>
    public string? CurveName { get; }

    /// <summary>Subject attributes in encoding order (multi-valued RDNs flattened).</summary>
    public IReadOnlyList<SubjectAttribute> SubjectAttributes { get; }

    /// <summary>Requested subjectAltName entries in request order.</summary>
    public IReadOnlyList<SanEntry> Sans { get; }

    /// <summary>True when the request asks for basicConstraints cA TRUE.</summary>
    public bool RequestsCa { get; }

    /// <summary>OIDs of every extension in the request's extensionRequest attribute.</summary>
    public IReadOnlyList<string> RequestedExtensionOids { get; }

    /// <summary>Lowercase hex SHA-256 of the canonical <see cref="SpkiDer"/>: the key's fingerprint in logs, the database and the blocked list.</summary>
    public string SpkiSha256Hex { get; }

    /// <summary>
    /// A request made from a verified SPKAC, which carries no name: subject and SANs come
    /// from the front end's separate fields and go through the same profile policy (filtering,
    /// length limits, SAN syntax) as a CSR's would.
    /// </summary>
    public static CsrInfo FromSpkac(Spkac.SpkacInfo spkac, IReadOnlyList<SubjectAttribute> subject, IReadOnlyList<SanEntry> sans)
    {
        ArgumentNullException.ThrowIfNull(spkac);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(sans);

        // The SPKAC parser already read the key facts and the canonical key from the same bytes.
        return new CsrInfo(spkac.Key, [.. subject], [.. sans], requestsCa: false, []);
    }

    /// <summary>
    /// This request's key under names a registration authority's front end states (issue 16):
    /// the self-signature was verified when this was parsed (proof of possession, RFC 2986 3);
    /// the request's own subject, SANs and extension requests are dropped, and the stated names
    /// go through the same profile policy as a CSR's or a SPKAC's would.
    /// </summary>
    public CsrInfo WithStatedNames(IReadOnlyList<SubjectAttribute> subject, IReadOnlyList<SanEntry> sans)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(sans);
        return new CsrInfo(key, [.. subject], [.. sans], requestsCa: false, []);
    }

    public static CsrInfo Parse(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        if (der.Length > MaxDerBytes)
        {
            throw new CsrException($"request is {der.Length} bytes; at most {MaxDerBytes} are accepted");
        }

        if (der.Length == 0)
        {
            throw new CsrException("request is empty");
        }

        return ParseCore(der);
    }

    private static CsrInfo ParseCore(byte[] der)
    {
        // One pass with a strict DER reader: structure, names, key and extension requests; then
        // the self-signature over the exact certificationRequestInfo bytes, through .NET's
        // OpenSSL-backed RSA/ECDsa (RequestSignatures.Verify, shared with the SPKAC parser).
        try
        {
            // RFC 2986 4.1/4.2: CertificationRequest ::= SEQUENCE { certificationRequestInfo,
            // signatureAlgorithm, signature }; CertificationRequestInfo ::= SEQUENCE { version,
            // subject, subjectPKInfo, attributes [0] }.
            var signed = RequestSignatures.ReadSigned(der, "request");
            var info = new AsnReader(signed.Data, AsnEncodingRules.DER).ReadSequence();
            if (!info.TryReadInt32(out var version) || version != 0)
            {
                throw new CsrException("request version is not v1 (0)");
            }

            var subject = ReadName(info.ReadEncodedValue());
            var spki = info.ReadEncodedValue();

            // Attributes ::= SET OF Attribute, [0] IMPLICIT; their order carries no meaning.
            var attributes = info.ReadSetOf(skipSortOrderValidation: true, new Asn1Tag(TagClass.ContextSpecific, 0));
            info.ThrowIfNotEmpty();
            _ = RequestSignatures.Find(signed.AlgorithmOid, "request");

            // The key's own faults (a compressed point, an unsupported algorithm) are named
            // before the import for the signature check would only say "could not be read".
            var key = SpkiFacts.Read(spki, "request");
            if (!RequestSignatures.Verify(spki.Span, key, signed.AlgorithmOid, signed.Data.Span, signed.Signature, "request"))
            {
                throw new CsrException("not a well-formed PKCS#10 request with a valid self-signature: the signature does not verify under the request's own key");
            }

            var (requestsCa, sans, oids) = ReadExtensions(ExtensionRequest(attributes));
            return new CsrInfo(key, subject, sans, requestsCa, oids);
        }
        catch (AsnContentException e)
        {
            throw new CsrException("request is not valid DER", e);
        }
    }

    /// <summary>
    /// RFC 2985 5.4.2: the extensionRequest attribute (at most one, with one value,
    /// Extensions ::= SEQUENCE OF Extension); other attributes (a challengePassword) are ignored.
    /// </summary>
    private static List<(string Oid, ReadOnlyMemory<byte> Value)> ExtensionRequest(AsnReader attributes)
    {
        var extensions = new List<(string Oid, ReadOnlyMemory<byte> Value)>();
        var seen = false;
        while (attributes.HasData)
        {
            // Attribute ::= SEQUENCE { type OID, values SET OF ANY }
            var attribute = attributes.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf(skipSortOrderValidation: true);
            attribute.ThrowIfNotEmpty();
            if (type != KnownOids.ExtensionRequest)
            {
                continue;
            }

            if (seen)
            {
                throw new CsrException("request has more than one extensionRequest attribute");
            }

            seen = true;
            var list = values.ReadSequence();
            if (values.HasData)
            {
                throw new CsrException("request extensionRequest attribute has more than one value");
            }

            while (list.HasData)
            {
                // Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
                var extension = list.ReadSequence();
                var oid = extension.ReadObjectIdentifier();
                if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                {
                    _ = extension.ReadBoolean();
                }

                var value = extension.ReadOctetString();
                extension.ThrowIfNotEmpty();
                extensions.Add((oid, value));
            }
        }

        return extensions;
    }

    /// <summary>RFC 5280 4.1.2.4: Name ::= SEQUENCE OF SET OF AttributeTypeAndValue.</summary>
    private static ImmutableArray<SubjectAttribute> ReadName(ReadOnlyMemory<byte> name)
    {
        var result = ImmutableArray.CreateBuilder<SubjectAttribute>();
        var reader = new AsnReader(name, AsnEncodingRules.DER);
        var rdns = reader.ReadSequence();
        while (rdns.HasData)
        {
            var set = rdns.ReadSetOf();
            while (set.HasData)
            {
                var atv = set.ReadSequence();
                var oid = atv.ReadObjectIdentifier();
                var tag = atv.PeekTag();
                string value;
                try
                {
                    value = tag.TagClass == TagClass.Universal && IsDirectoryStringTag((UniversalTagNumber)tag.TagValue)
                        ? atv.ReadCharacterString((UniversalTagNumber)tag.TagValue)
                        : throw new CsrException($"subject attribute {oid} does not hold a character string");
                }
                catch (ArgumentException e)
                {
                    throw new CsrException($"subject attribute {oid} has an unsupported string type", e);
                }

                atv.ThrowIfNotEmpty();
                result.Add(new SubjectAttribute(oid, value));
            }
        }

        return result.ToImmutable();
    }

    private static bool IsDirectoryStringTag(UniversalTagNumber tag) => tag is
        UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String or
        UniversalTagNumber.BMPString or UniversalTagNumber.T61String or UniversalTagNumber.VisibleString or
        UniversalTagNumber.NumericString;

    private static (bool RequestsCa, ImmutableArray<SanEntry> Sans, ImmutableArray<string> Oids) ReadExtensions(List<(string Oid, ReadOnlyMemory<byte> Value)> extensions)
    {
        var requestsCa = false;
        var sans = ImmutableArray<SanEntry>.Empty;
        var oids = ImmutableArray.CreateBuilder<string>();
        foreach (var (oid, value) in extensions)
        {

            // RFC 5280 4.2: an extension must not appear more than once.
            if (oids.Contains(oid))
            {
                throw new CsrException($"request extension {oid} appears more than once");
            }

            oids.Add(oid);
            try
            {
                switch (oid)
                {
                    case KnownOids.BasicConstraints:
                        requestsCa = ReadBasicConstraintsCa(value);
                        break;
                    case KnownOids.SubjectAltName:
                        sans = ReadSubjectAltName(value);
                        break;
                }
            }
            catch (AsnContentException e)
            {
                throw new CsrException($"request extension {oid} is malformed", e);
            }
        }

        return (requestsCa, sans, oids.ToImmutable());
    }

    /// <summary>RFC 5280 4.2.1.9: BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }.</summary>
    private static bool ReadBasicConstraintsCa(ReadOnlyMemory<byte> value)
    {
        var reader = new AsnReader(value, AsnEncodingRules.DER);
        var constraints = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var ca = constraints.HasData && constraints.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && constraints.ReadBoolean();
        if (constraints.HasData)
        {
            _ = constraints.ReadInteger();
        }

        constraints.ThrowIfNotEmpty();
        return ca;
    }

    /// <summary>RFC 5280 4.2.1.6: GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName.</summary>
    private static ImmutableArray<SanEntry> ReadSubjectAltName(ReadOnlyMemory<byte> value)
    {
        var result = ImmutableArray.CreateBuilder<SanEntry>();
        var reader = new AsnReader(value, AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.TagClass != TagClass.ContextSpecific)
            {
                throw new CsrException("subjectAltName entry is not a GeneralName");
            }

            switch (tag.TagValue)
            {
                case 1: // rfc822Name IA5String
                    result.Add(new SanEntry(SanKind.Email, ReadIa5(names, tag)));
                    break;
                case 2: // dNSName IA5String
                    result.Add(new SanEntry(SanKind.Dns, ReadIa5(names, tag)));
                    break;
                case 6: // uniformResourceIdentifier IA5String
                    result.Add(new SanEntry(SanKind.Other, "URI:" + ReadIa5(names, tag)));
                    break;
                case 7: // iPAddress OCTET STRING: 4 octets IPv4, 16 octets IPv6
                    var octets = names.ReadOctetString(tag);
                    result.Add(new SanEntry(
                        SanKind.Ip,
                        octets.Length is 4 or 16 ? new IPAddress(octets).ToString() : "#" + Convert.ToHexStringLower(octets)));
                    break;
                case 0: // otherName [0] IMPLICIT SEQUENCE { type-id OID, value [0] EXPLICIT ANY }
                    result.Add(ReadOtherName(names, tag));
                    break;
                default:
                    _ = names.ReadEncodedValue();
                    result.Add(new SanEntry(SanKind.Other, OtherName(tag.TagValue)));
                    break;
            }
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// RFC 5280 4.2.1.6 OtherName; an XmppAddr (RFC 6120 13.7.1.4) holds a UTF8String. Any
    /// other type, or an XmppAddr of another string type, is kept as a description and refused.
    /// </summary>
    private static SanEntry ReadOtherName(AsnReader names, Asn1Tag tag)
    {
        var other = names.ReadSequence(tag);
        var typeId = other.ReadObjectIdentifier();
        var value = other.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        other.ThrowIfNotEmpty();
        if (typeId == KnownOids.XmppAddr && value.PeekTag() == new Asn1Tag(UniversalTagNumber.UTF8String))
        {
            var text = value.ReadCharacterString(UniversalTagNumber.UTF8String);
            value.ThrowIfNotEmpty();
            return new SanEntry(SanKind.XmppAddr, text);
        }

        return new SanEntry(SanKind.Other, typeId == KnownOids.XmppAddr ? "otherName XmppAddr that is not a UTF8String" : $"otherName {typeId}");
    }

    private static string ReadIa5(AsnReader reader, Asn1Tag tag)
    {
        try
        {
            return reader.ReadCharacterString(UniversalTagNumber.IA5String, tag);
        }
        catch (AsnContentException e)
        {
            throw new CsrException("subjectAltName name is not an IA5String", e);
        }
    }

    private static string OtherName(int tag) => tag switch
    {
        3 => "x400Address",
        4 => "directoryName",
        5 => "ediPartyName",
        8 => "registeredID",
        _ => $"[{tag}]",
    };
}
