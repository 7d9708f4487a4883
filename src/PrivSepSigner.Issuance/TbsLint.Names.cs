using System.Net;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Issuance;

/// <summary>The subject and subjectAltName rules (docs/issuance-lint.md, "Names").</summary>
internal static partial class TbsLint
{
    private static void CheckNames(TbsCertificateStructure tbs, Expectations expected, CertificateFacts facts, List<string> problems)
    {
        var profile = expected.Profile;
        var san = facts.San;

        if (profile.RequireSan && san is null)
        {
            problems.Add("profile requires a subjectAltName but none is present");
        }

        // CA/B BR 7.1.2.7.12; x509lint "No Subject alternative name extension".
        if (facts.ServerAuth && san is null)
        {
            problems.Add("a TLS server certificate without subjectAltName (CA/B BR 7.1.2.7.12)");
        }

        // RFC 5280 4.1.2.6 / 4.2.1.6: an empty subject needs a critical subjectAltName, and a
        // non-empty one a non-critical subjectAltName.
        if (facts.Subject.Count == 0 && (san is null || !san.IsCritical))
        {
            problems.Add("subject is empty and no critical subjectAltName is present (RFC 5280 4.2.1.6)");
        }
        else if (facts.Subject.Count > 0 && san is { IsCritical: true })
        {
            problems.Add("subjectAltName is critical although the subject is not empty (RFC 5280 4.2.1.6)");
        }

        // RFC 5280 4.2.1.6: GeneralNames is SIZE (1..MAX); x509lint "Empty SAN".
        if (facts.SanNames is { Length: 0 })
        {
            problems.Add("subjectAltName is empty (RFC 5280 4.2.1.6)");
        }

        var names = SanTexts(facts.SanNames ?? [], profile, problems);
        CheckSubject(facts, names, problems);
    }

    /// <summary>The SAN entries as the policy writes them (kind and text), each checked for the form it may take.</summary>
    private static List<SanEntry> SanTexts(GeneralName[] names, Profile profile, List<string> problems)
    {
        var result = new List<SanEntry>();
        foreach (var name in names)
        {
            SanEntry? entry = name.TagNo switch
            {
                GeneralName.DnsName => new SanEntry(SanKind.Dns, DerIA5String.GetInstance(name.Name).GetString()),
                GeneralName.Rfc822Name => new SanEntry(SanKind.Email, DerIA5String.GetInstance(name.Name).GetString()),
                GeneralName.IPAddress => IpEntry(Asn1OctetString.GetInstance(name.Name).GetOctets(), problems),
                GeneralName.OtherName => XmppEntry(Asn1Sequence.GetInstance(name.Name), problems),
                _ => null,
            };
            if (entry is null)
            {
                problems.Add($"subjectAltName holds a GeneralName of type [{name.TagNo}], which is never issued (x509lint \"Invalid type in SAN entry\")");
                continue;
            }

            var error = entry.Kind switch
            {
                SanKind.Dns => NameSyntax.DnsNameError(entry.Value, profile.WildcardDnsNames),
                SanKind.XmppAddr => NameSyntax.DnsNameError(entry.Value),
                SanKind.Email => NameSyntax.EmailError(entry.Value),
                _ => null,
            };
            if (error is not null)
            {
                problems.Add($"subjectAltName {entry.Kind} \"{NameSyntax.Printable(entry.Value)}\": {error} (RFC 5280 4.2.1.6)");
            }

            if (entry.Kind is SanKind.Dns or SanKind.XmppAddr && entry.Value != entry.Value.ToLowerInvariant())
            {
                problems.Add($"subjectAltName {entry.Kind} \"{NameSyntax.Printable(entry.Value)}\" is not in lower case, the one form issued (RFC 5280 7.2)");
            }

            if (result.Contains(entry))
            {
                problems.Add($"subjectAltName {entry.Kind} \"{NameSyntax.Printable(entry.Value)}\" appears twice (x509lint \"Duplicate SAN entry\")");
            }

            result.Add(entry);
        }

        return result;
    }

    /// <summary>RFC 5280 4.2.1.6: iPAddress is 4 (IPv4) or 16 (IPv6) octets; x509lint "Invalid length of IP address".</summary>
    private static SanEntry? IpEntry(byte[] octets, List<string> problems)
    {
        if (octets.Length is 4 or 16)
        {
            return new SanEntry(SanKind.Ip, new IPAddress(octets).ToString());
        }

        problems.Add($"subjectAltName iPAddress of {octets.Length} octets (RFC 5280 4.2.1.6: 4 or 16)");
        return new SanEntry(SanKind.Ip, "#" + Convert.ToHexStringLower(octets));
    }

    /// <summary>RFC 6120 13.7.1.4: otherName { id-on-xmppAddr, [0] EXPLICIT UTF8String }; no other otherName is issued.</summary>
    private static SanEntry? XmppEntry(Asn1Sequence otherName, List<string> problems)
    {
        if (otherName.Count == 2
            && otherName[0] is DerObjectIdentifier { Id: KnownOids.XmppAddr }
            && otherName[1] is Asn1TaggedObject { TagNo: 0 } value
            && value.IsExplicit()
            && value.GetExplicitBaseObject() is DerUtf8String text)
        {
            return new SanEntry(SanKind.XmppAddr, text.GetString());
        }

        problems.Add("subjectAltName otherName is not an XmppAddr UTF8String (RFC 6120 13.7.1.4)");
        return new SanEntry(SanKind.Other, "otherName");
    }

    /// <summary>Subject attribute rules; CN and emailAddress bound to the SANs (CA/B BR 7.1.4.3; zlint e_subject_common_name_not_exactly_from_san).</summary>
    private static void CheckSubject(CertificateFacts facts, List<SanEntry> sans, List<string> problems)
    {
        var subject = facts.Subject.Select(a => a with { Value = a.Value.StartsWith("\\#", StringComparison.Ordinal) ? a.Value[1..] : a.Value }).ToList();
        bool Has(string oid) => subject.Any(a => a.Oid == oid);

        var commonNames = subject.Count(a => a.Oid == KnownOids.CommonName);
        if (commonNames > 1)
        {
            problems.Add("subject has more than one commonName (CA/B BR 7.1.4.3)");
        }

        foreach (var attribute in subject)
        {
            var name = KnownOids.AttributeShortName(attribute.Oid) ?? attribute.Oid;
            if (NameSyntax.HasControlCharacter(attribute.Value))
            {
                problems.Add($"subject {name} contains control characters (x509lint)");
            }

            var (limit, bound) = attribute.Oid switch
            {
                KnownOids.CommonName or KnownOids.Organization or KnownOids.OrganizationalUnit => (64, "ub-common-name/organization-name/organizational-unit-name"),
                KnownOids.Locality or KnownOids.State => (128, "ub-locality-name/state-name"),
                KnownOids.EmailAddress => (255, "ub-emailaddress-length"),
                _ => (int.MaxValue, string.Empty),
            };
            if (NameSyntax.RuneCount(attribute.Value) > limit)
            {
                problems.Add($"subject {name} is longer than {bound} ({limit}) (RFC 5280 A.1)");
            }

            if (attribute.Oid == KnownOids.Country && (attribute.Value.Length != 2 || !attribute.Value.All(char.IsAsciiLetterUpper)))
            {
                problems.Add("subject countryName is not two capital letters (RFC 5280 A.1, ISO 3166; x509lint)");
            }

            // In a certificate with SANs the CN and emailAddress repeat one of them exactly.
            var allowed = attribute.Oid switch
            {
                KnownOids.CommonName when facts.SanNames is not null => [SanKind.Dns, SanKind.Ip, SanKind.Email],
                KnownOids.EmailAddress => new[] { SanKind.Email },
                _ => null,
            };
            if (allowed is not null && !sans.Any(s => allowed.Contains(s.Kind) && s.Value == attribute.Value))
            {
                problems.Add($"subject {name} is not exactly one of the subjectAltNames (CA/B BR 7.1.4.3; x509lint \"commonName not in subjectAltName\")");
            }
        }

        // x509lint "Subject with organizationName but without countryName" (CA/B BR 7.1.4.2.2).
        if (Has(KnownOids.Organization) && !Has(KnownOids.Country))
        {
            problems.Add("subject has organizationName but no countryName (CA/B BR 7.1.4.2.2; x509lint)");
        }

        // The TLS BRs tie the organisation and its place together (7.1.4.2.2 (h), (i)).
        if (facts.ServerAuth && Has(KnownOids.Organization) && !Has(KnownOids.Locality) && !Has(KnownOids.State))
        {
            problems.Add("TLS server certificate subject has organizationName but neither localityName nor stateOrProvinceName (CA/B BR 7.1.4.2.2; x509lint)");
        }

        if (facts.ServerAuth && !Has(KnownOids.Organization) && (Has(KnownOids.Locality) || Has(KnownOids.State)))
        {
            problems.Add("TLS server certificate subject has a localityName or stateOrProvinceName but no organizationName (CA/B BR 7.1.4.2.2; x509lint)");
        }

        // CA/B BR 7.1.2.10.2: a CA certificate's subject names its country, organisation and itself.
        if (facts.IsCa)
        {
            foreach (var (oid, label) in new[] { (KnownOids.Country, "countryName"), (KnownOids.Organization, "organizationName"), (KnownOids.CommonName, "commonName") })
            {
                if (!Has(oid))
                {
                    problems.Add($"CA certificate subject has no {label} (CA/B BR 7.1.2.10.2)");
                }
            }
        }
    }
}
