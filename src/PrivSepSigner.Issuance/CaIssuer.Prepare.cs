using System.Net;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Issuance;

/// <summary>Step one: build and lint the TBSCertificate. Never touches the key.</summary>
public sealed partial class CaIssuer
{
    /// <summary>Backdating absorbs small clock differences on relying parties.</summary>
    public static readonly TimeSpan DefaultBackdate = TimeSpan.FromMinutes(5);

    private static readonly DerObjectIdentifier OcspNoCheckOid = new("1.3.6.1.5.5.7.48.1.5"); // RFC 6960 4.2.2.2.1
    private static readonly DerObjectIdentifier AdOcspOid = new("1.3.6.1.5.5.7.48.1");        // RFC 5280 4.2.2.1
    private static readonly DerObjectIdentifier AdCaIssuersOid = new("1.3.6.1.5.5.7.48.2");   // RFC 5280 4.2.2.1
    private static readonly DerObjectIdentifier XmppAddrOid = new(KnownOids.XmppAddr);        // RFC 6120 13.7.1.4

    /// <exception cref="IssuanceException">The built certificate fails the pre-sign lint.</exception>
    public PreparedCertificate Prepare(Profile profile, CsrInfo csr, PolicyResult.Approved approved, byte[] serial, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(csr);
        ArgumentNullException.ThrowIfNull(approved);
        ArgumentNullException.ThrowIfNull(serial);
        return PrepareCore(profile, csr, approved, serial, now);
    }

    private PreparedCertificate PrepareCore(Profile profile, CsrInfo csr, PolicyResult.Approved approved, byte[] serial, DateTimeOffset now)
    {
        // RFC 5280 4.1.2.5: no fractional seconds in either time form.
        var whole = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var notBefore = whole - Backdate;
        var wanted = whole.AddDays(profile.ValidityDays);
        var notAfter = wanted < NotAfter ? wanted : NotAfter;

        var serialNumber = new DerInteger(new Org.BouncyCastle.Math.BigInteger(1, serial));
        var spki = SubjectKey(csr);

        var subjectName = NameEncoding.ToX509Name(approved.Subject);
        var generator = new V3TbsCertificateGenerator();
        generator.SetSerialNumber(serialNumber);
        generator.SetSignature(signatureAlgorithm);
        generator.SetIssuer(issuerName);
        generator.SetStartDate(new Time(notBefore.UtcDateTime));
        generator.SetEndDate(new Time(notAfter.UtcDateTime));
        generator.SetSubject(subjectName);
        generator.SetSubjectPublicKeyInfo(spki);
        generator.SetExtensions(BuildExtensions(profile, csr, approved, spki));

        TbsCertificateStructure tbs;
        try
        {
            tbs = generator.GenerateTbsCertificate();
        }
        catch (InvalidOperationException e)
        {
            throw new IssuanceException($"TBSCertificate could not be built: {e.Message}", e);
        }

        TbsLint.Check(tbs, LintExpectations(profile));

        return new PreparedCertificate(
            tbs.GetDerEncoded(),
            (byte[])serial.Clone(),
            serialNumber.Value.ToString(16),
            NameEncoding.ToRfc4514(approved.Subject),
            approved.Sans,
            notBefore,
            notAfter,
            profile.Name,
            csr.SpkiSha256Hex,
            CertificateSha256Hex);
    }

    /// <summary>
    /// The pre-sign lint's findings for a certificate as if this issuer had prepared it under
    /// <paramref name="profile"/> (for tests and audits of issued certificates); empty when it
    /// breaks no rule. Prepare refuses to go on with any finding.
    /// </summary>
    /// <exception cref="IssuanceException">The bytes are not a DER X.509 certificate.</exception>
    public IReadOnlyList<string> Lint(Profile profile, byte[] certificateDer)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(certificateDer);
        TbsCertificateStructure tbs;
        try
        {
            tbs = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(certificateDer)).TbsCertificate;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException)
        {
            throw new IssuanceException("not a DER X.509 certificate", e);
        }

        return TbsLint.Findings(tbs, LintExpectations(profile));
    }

    private TbsLint.Expectations LintExpectations(Profile profile) => new(profile, issuerNameDer, signatureAlgorithm, NotAfter, caPathLength);

    private X509Extensions BuildExtensions(Profile profile, CsrInfo csr, PolicyResult.Approved approved, SubjectPublicKeyInfo spki)
    {
        var extensions = new X509ExtensionsGenerator();

        // RFC 5280 4.2.1.9: critical, so that no relying party can ignore cA FALSE.
        var constraints = !profile.IsCa
            ? new BasicConstraints(false)
            : profile.PathLength is { } pathLength ? new BasicConstraints(pathLength) : new BasicConstraints(true);
        extensions.AddExtension(X509Extensions.BasicConstraints, true, constraints);

        // RFC 5280 4.2.1.3 (SHOULD be critical). RFC 5480 3: EC keys cannot encipher, so
        // keyEncipherment and dataEncipherment are dropped for them; RFC 3279 2.3.1: RSA keys
        // do not agree keys, so keyAgreement is dropped for them.
        var usage = profile.KeyUsage;
        if (csr.KeyKind == KeyKind.Ec)
        {
            usage &= ~(KeyUsageFlags.KeyEncipherment | KeyUsageFlags.DataEncipherment);
        }
        else if (csr.KeyKind == KeyKind.Rsa)
        {
            usage &= ~KeyUsageFlags.KeyAgreement;
        }

        extensions.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(ToBouncyCastle(usage)));

        if (profile.ExtendedKeyUsageOids.Count > 0)
        {
            var purposes = profile.ExtendedKeyUsageOids.Select(o => (Asn1Encodable)new DerObjectIdentifier(o)).ToArray();

            // RFC 5280 4.2.1.12: non-critical, except RFC 3161 2.3 for time stamping.
            extensions.AddExtension(X509Extensions.ExtendedKeyUsage, profile.ExtendedKeyUsageCritical, new DerSequence(purposes));
        }

        // RFC 5280 4.2.1.2 method 1 / 4.2.1.1: key identifiers for path building.
        extensions.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifier(KeyIdentifier(spki)));
        extensions.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));

        if (approved.Sans.Count > 0)
        {
            // RFC 5280 4.2.1.6: critical when the subject is empty.
            extensions.AddExtension(X509Extensions.SubjectAlternativeName, approved.Subject.Count == 0, new GeneralNames(approved.Sans.Select(ToGeneralName).ToArray()));
        }

        if (FreshestCrlUrl is { } delta && FreshestCrlProfiles.Contains(profile.Name))
        {
            // RFC 5280 4.2.1.15: where this certificate's delta CRLs are.
            var deltaName = new DistributionPointName(new GeneralNames(UriName(delta)));
            extensions.AddExtension(X509Extensions.FreshestCrl, false, new CrlDistPoint([new DistributionPoint(deltaName, null, null)]));
        }

        if (root.CrlUrl is { } crl)
        {
            // RFC 5280 4.2.1.13: one distribution point naming the full CRL by URI.
            var name = new DistributionPointName(new GeneralNames(UriName(crl)));
            extensions.AddExtension(X509Extensions.CrlDistributionPoints, false, new CrlDistPoint([new DistributionPoint(name, null, null)]));
        }

        var access = new List<AccessDescription>();
        if (root.OcspUrl is { } ocsp)
        {
            access.Add(new AccessDescription(AdOcspOid, UriName(ocsp)));
        }

        if (root.CaIssuersUrl is { } caIssuers)
        {
            access.Add(new AccessDescription(AdCaIssuersOid, UriName(caIssuers)));
        }

        if (access.Count > 0)
        {
            // RFC 5280 4.2.2.1: MUST be non-critical.
            extensions.AddExtension(X509Extensions.AuthorityInfoAccess, false, new AuthorityInformationAccess(access.ToArray()));
        }

        if (profile.PolicyOids.Count > 0)
        {
            var policies = profile.PolicyOids.Select(o => new PolicyInformation(new DerObjectIdentifier(o))).ToArray();
            extensions.AddExtension(X509Extensions.CertificatePolicies, false, new CertificatePolicies(policies));
        }

        if (profile.NameConstraints is { } names)
        {
            // RFC 5280 4.2.1.10: MUST be critical; DNS subtrees as dNSName, mail subtrees as rfc822Name.
            static GeneralSubtrees? Subtrees(IEnumerable<string> dns, IEnumerable<string> mail)
            {
                var subtrees = dns.Select(d => new GeneralSubtree(new GeneralName(GeneralName.DnsName, new DerIA5String(d, true))))
                    .Concat(mail.Select(m => new GeneralSubtree(new GeneralName(GeneralName.Rfc822Name, new DerIA5String(m, true)))))
                    .ToArray();

                // GeneralSubtrees is SIZE (1..MAX): an empty list is left out, not encoded empty.
                return subtrees.Length == 0 ? null : new GeneralSubtrees(subtrees);
            }

            extensions.AddExtension(X509Extensions.NameConstraints, true, new NameConstraints(
                Subtrees(names.PermittedDns, names.PermittedEmail), Subtrees(names.ExcludedDns, names.ExcludedEmail)));
        }

        if (profile.OcspNoCheck)
        {
            // RFC 6960 4.2.2.2.1: extension value is NULL.
            extensions.AddExtension(OcspNoCheckOid, false, DerNull.Instance);
        }

        return extensions.Generate();
    }

    /// <summary>
    /// The certified key, built from the parts the request parser already read (issue 21
    /// item 7: the SubjectPublicKeyInfo is parsed once, by CsrInfo), and checked to encode to
    /// exactly <see cref="CsrInfo.SpkiDer"/>: the key hashed, checked and logged is the one
    /// the certificate carries (RFC 5280 4.1.2.7).
    /// </summary>
    private static SubjectPublicKeyInfo SubjectKey(CsrInfo csr)
    {
        // RFC 3279 2.3.1: rsaEncryption with NULL parameters; RFC 5480 2.1.1: namedCurve.
        var algorithm = csr.KeyKind switch
        {
            KeyKind.Rsa when csr.RsaKey is not null => new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance),
            KeyKind.Ec when csr.CurveOid is { } curve => new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, new DerObjectIdentifier(curve)),
            _ => throw new IssuanceException($"a {csr.KeyAlgorithmName} key ({csr.CurveName ?? "no named curve"}) is never certified"),
        };

        var spki = new SubjectPublicKeyInfo(algorithm, csr.PublicKeyBits.ToArray());
        if (!spki.GetDerEncoded().AsSpan().SequenceEqual(csr.SpkiDer))
        {
            throw new IssuanceException("the SubjectPublicKeyInfo built for the certificate differs from the request's canonical key");
        }

        return spki;
    }

    private static GeneralName UriName(string url) => new(GeneralName.UniformResourceIdentifier, new DerIA5String(url, true));

    private static GeneralName ToGeneralName(SanEntry san) => san.Kind switch
    {
        SanKind.Dns => new GeneralName(GeneralName.DnsName, new DerIA5String(san.Value, true)),
        SanKind.Email => new GeneralName(GeneralName.Rfc822Name, new DerIA5String(san.Value, true)),

        // RFC 5280 4.2.1.6: 4 octets for IPv4, 16 for IPv6, network byte order.
        SanKind.Ip => new GeneralName(GeneralName.IPAddress, new DerOctetString(IPAddress.Parse(san.Value).GetAddressBytes())),

        // RFC 6120 13.7.1.4: otherName { id-on-xmppAddr, [0] EXPLICIT UTF8String }.
        SanKind.XmppAddr => new GeneralName(GeneralName.OtherName, new DerSequence(XmppAddrOid, new DerTaggedObject(true, 0, new DerUtf8String(san.Value)))),
        _ => throw new IssuanceException($"subjectAltName of kind {san.Kind} cannot be issued"),
    };

    private static int ToBouncyCastle(KeyUsageFlags usage)
    {
        var bits = 0;
        bits |= usage.HasFlag(KeyUsageFlags.DigitalSignature) ? KeyUsage.DigitalSignature : 0;
        bits |= usage.HasFlag(KeyUsageFlags.NonRepudiation) ? KeyUsage.NonRepudiation : 0;
        bits |= usage.HasFlag(KeyUsageFlags.KeyEncipherment) ? KeyUsage.KeyEncipherment : 0;
        bits |= usage.HasFlag(KeyUsageFlags.DataEncipherment) ? KeyUsage.DataEncipherment : 0;
        bits |= usage.HasFlag(KeyUsageFlags.KeyAgreement) ? KeyUsage.KeyAgreement : 0;
        bits |= usage.HasFlag(KeyUsageFlags.KeyCertSign) ? KeyUsage.KeyCertSign : 0;
        bits |= usage.HasFlag(KeyUsageFlags.CrlSign) ? KeyUsage.CrlSign : 0;
        return bits;
    }
}
