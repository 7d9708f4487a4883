using System.Collections.Immutable;
using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrivSepSigner.Policy;

/// <summary>
/// Everything the signer uses from a PKCS#10 request (RFC 2986), parsed from hostile DER.
/// The structure, the signature algorithm (no MD5 or SHA-1) and the key are read with a
/// strict DER reader first, then the self-signature is verified by .NET (OpenSSL); the key
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
        // The structure first, so that what .NET would refuse only as "not well-formed"
        // (a SHA-1 signature, a compressed point, an unsupported key) gets its own message.
        SpkiFacts key;
        ImmutableArray<SubjectAttribute> subject;
        try
        {
            // RFC 2986 4.1/4.2: CertificationRequest ::= SEQUENCE { certificationRequestInfo,
            // signatureAlgorithm, signature }; CertificationRequestInfo ::= SEQUENCE { version,
            // subject, subjectPKInfo, attributes [0] }.
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var csr = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var info = csr.ReadSequence();
            var signatureAlgorithm = csr.ReadSequence().ReadObjectIdentifier();
            if (!info.TryReadInt32(out var version) || version != 0)
            {
                throw new CsrException("request version is not v1 (0)");
            }

            subject = ReadName(info.ReadEncodedValue());
            var spki = info.ReadEncodedValue();
            _ = RequestSignatures.Find(signatureAlgorithm, "request");
            key = SpkiFacts.Read(spki, "request");
        }
        catch (AsnContentException e)
        {
            throw new CsrException("request is not valid DER", e);
        }

        CertificateRequest request;
        try
        {
            // Verifies the self-signature (proof of possession, RFC 2986 3) by default.
            request = CertificateRequest.LoadSigningRequest(
                der,
                HashAlgorithmName.SHA256,
                CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions,
                RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException e)
        {
            throw new CsrException("not a well-formed PKCS#10 request with a valid self-signature", e);
        }
        catch (NotSupportedException e)
        {
            // .NET throws this, not CryptographicException, for a signature or key algorithm it
            // does not know (found by fuzz/run.sh, target csr).
            throw new CsrException(
                key.Kind == KeyKind.Other
                    ? $"request public key algorithm {key.AlgorithmName} is not supported; the signer certifies {SpkiFacts.Supported}"
                    : "request uses a signature algorithm that is not supported",
                e);
        }

        var (requestsCa, sans, oids) = ReadExtensions(request.CertificateExtensions);
        return new CsrInfo(key, subject, sans, requestsCa, oids);
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

    private static (bool RequestsCa, ImmutableArray<SanEntry> Sans, ImmutableArray<string> Oids) ReadExtensions(IEnumerable<X509Extension> extensions)
    {
        var requestsCa = false;
        var sans = ImmutableArray<SanEntry>.Empty;
        var oids = ImmutableArray.CreateBuilder<string>();
        foreach (var ext in extensions)
        {
            var oid = ext.Oid?.Value ?? throw new CsrException("request extension without an OID");

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
                        requestsCa = new X509BasicConstraintsExtension(ext, ext.Critical).CertificateAuthority;
                        break;
                    case KnownOids.SubjectAltName:
                        sans = ReadSubjectAltName(ext.RawData);
                        break;
                }
            }
            catch (Exception e) when (e is CryptographicException or AsnContentException)
            {
                throw new CsrException($"request extension {oid} is malformed", e);
            }
        }

        return (requestsCa, sans, oids.ToImmutable());
    }

    /// <summary>RFC 5280 4.2.1.6: GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName.</summary>
    private static ImmutableArray<SanEntry> ReadSubjectAltName(byte[] value)
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
