using System.Collections.Immutable;

namespace PrivSepSigner.Policy;

/// <summary>
/// Applies a profile to a parsed request. The result never contains anything the profile does
/// not allow: subject attributes outside the profile are dropped, while anything that would
/// change what the certificate means (key, CA flag, SAN types, malformed names) refuses the
/// request rather than being silently altered.
/// </summary>
public static class ProfilePolicy
{
    /// <summary>Most SAN entries issued in one certificate; bounds the certificate size.</summary>
    public const int MaxSans = 100;

    public static PolicyResult Evaluate(Profile profile, CsrInfo csr)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(csr);
        return EvaluateCore(profile, csr);
    }

    private static PolicyResult EvaluateCore(Profile profile, CsrInfo csr)
    {
        if (CheckKey(profile, csr) is { } keyRefusal)
        {
            return keyRefusal;
        }

        // RFC 5280 4.2.1.9: only a CA profile issues cA TRUE. Asking for it under another
        // profile is refused so the requester learns the certificate would not be what they asked for.
        if (csr.RequestsCa && !profile.IsCa)
        {
            return new PolicyResult.Refused(RefusalCode.CaNotAllowed, $"profile \"{profile.Name}\" does not issue CA certificates, but the request asks for basicConstraints cA TRUE");
        }

        var sans = ImmutableArray.CreateBuilder<SanEntry>();
        if (CheckSans(profile, csr, sans) is { } sanRefusal)
        {
            return sanRefusal;
        }

        if (profile.RequireSan && sans.Count == 0)
        {
            return new PolicyResult.Refused(RefusalCode.SanRequired, $"profile \"{profile.Name}\" requires a subjectAltName");
        }

        var subject = ImmutableArray.CreateBuilder<SubjectAttribute>();
        foreach (var attribute in csr.SubjectAttributes)
        {
            if (!profile.SubjectAttributeOids.Contains(attribute.Oid))
            {
                continue;
            }

            if (AttributeError(attribute) is { } error)
            {
                var name = KnownOids.AttributeShortName(attribute.Oid) ?? attribute.Oid;
                return new PolicyResult.Refused(RefusalCode.SubjectAttributeInvalid, $"subject {name}: {error}");
            }

            // ISO 3166 codes are capitals (x509lint checks them so); "de" is issued as "DE".
            subject.Add(attribute.Oid == KnownOids.Country ? attribute with { Value = attribute.Value.ToUpperInvariant() } : attribute);
        }

        // RFC 5280 4.1.2.6: a certificate must name its subject somewhere.
        if (subject.Count == 0 && sans.Count == 0)
        {
            return new PolicyResult.Refused(RefusalCode.SubjectEmpty, "no allowed subject attribute and no subjectAltName");
        }

        if (BindToSans(profile, subject, sans) is { } bindingRefusal)
        {
            return bindingRefusal;
        }

        return new PolicyResult.Approved(subject.ToImmutable(), sans.ToImmutable());
    }

    private static PolicyResult.Refused? CheckKey(Profile profile, CsrInfo csr)
    {
        switch (csr.KeyKind)
        {
            case KeyKind.Rsa when csr.RsaBits < profile.RsaMinBits:
                return new(RefusalCode.KeyTooSmall, $"RSA key of {csr.RsaBits} bits; at least {profile.RsaMinBits} required");
            case KeyKind.Rsa when csr.RsaBits > profile.RsaMaxBits:
                return new(RefusalCode.KeyTooLarge, $"RSA key of {csr.RsaBits} bits; at most {profile.RsaMaxBits} allowed");
            case KeyKind.Rsa:
                return null;
            case KeyKind.Ec when profile.Curves.Count == 0:
                return new(RefusalCode.KeyTypeNotAllowed, $"profile \"{profile.Name}\" does not allow EC keys");
            case KeyKind.Ec when !profile.Curves.Contains(csr.CurveName ?? string.Empty):
                return new(RefusalCode.CurveNotAllowed, $"curve {csr.CurveName} not allowed; allowed: {string.Join(", ", profile.Curves)}");
            case KeyKind.Ec when (profile.KeyUsage & ~(KeyUsageFlags.KeyEncipherment | KeyUsageFlags.DataEncipherment)) == KeyUsageFlags.None:
                // The issuer drops the encipherment bits for EC keys (RFC 5480 3); nothing would remain.
                return new(RefusalCode.KeyTypeNotAllowed, $"profile \"{profile.Name}\" grants only encipherment usages, which EC keys cannot have");
            case KeyKind.Ec:
                return null;
            default:
                return new(RefusalCode.KeyTypeNotAllowed, $"key algorithm {csr.KeyAlgorithmName} is not accepted; profile \"{profile.Name}\" accepts {Accepted(profile)}");
        }
    }

    private static string Accepted(Profile profile) => profile.Curves.Count == 0
        ? $"RSA keys of {profile.RsaMinBits}..{profile.RsaMaxBits} bits"
        : $"RSA keys of {profile.RsaMinBits}..{profile.RsaMaxBits} bits and EC keys on {string.Join(", ", profile.Curves)}";

    /// <summary>
    /// Issue 22 item 1. RFC 5280 4.1.2.6 / 4.2.1.6 and CA/B BR 7.1.4.3: in a profile that
    /// issues SANs, the commonName must be one of them (a dNSName, iPAddress or rfc822Name),
    /// and emailAddress (legacy, RFC 5280 4.1.2.6) must be one of the rfc822Names in any
    /// profile; both compare as the SANs were normalised and are issued in the SAN's exact
    /// form (zlint: "CN not exactly from SAN"). At most one CN; the CN is required unless the
    /// profile makes it optional. A profile without SAN types names a CA, responder or time
    /// stamper: its CN is free text.
    /// </summary>
    private static PolicyResult.Refused? BindToSans(Profile profile, ImmutableArray<SubjectAttribute>.Builder subject, ImmutableArray<SanEntry>.Builder sans)
    {
        var commonNames = subject.Count(a => a.Oid == KnownOids.CommonName);
        if (commonNames > 1)
        {
            return new(RefusalCode.SubjectAttributeInvalid, $"subject has {commonNames} commonName attributes; at most one is issued");
        }

        if (commonNames == 0 && profile.CommonNameRequired)
        {
            return new(RefusalCode.SubjectAttributeInvalid, $"profile \"{profile.Name}\" requires a commonName in the subject");
        }

        for (var i = 0; i < subject.Count; i++)
        {
            var attribute = subject[i];
            var (allowed, what) = attribute.Oid switch
            {
                KnownOids.CommonName when profile.SanTypes != SanTypes.None => (new[] { SanKind.Dns, SanKind.Ip, SanKind.Email }, "CN"),
                KnownOids.EmailAddress => (new[] { SanKind.Email }, "emailAddress"),
                _ => (null, null),
            };
            if (allowed is null)
            {
                continue;
            }

            var match = sans.FirstOrDefault(san => allowed.Contains(san.Kind) && SameName(attribute.Value, san));
            if (match is null)
            {
                return new(RefusalCode.SubjectNotInSan, $"subject {what} \"{Printable(attribute.Value)}\" is not one of the certificate's subjectAltNames; add it as a SAN or leave it out");
            }

            subject[i] = attribute with { Value = match.Value };
        }

        return null;
    }

    /// <summary>A subject value against a normalised SAN: DNS and mail names case-insensitively (RFC 5280 7.2, 7.5), IP addresses by value.</summary>
    private static bool SameName(string value, SanEntry san) => san.Kind == SanKind.Ip
        ? System.Net.IPAddress.TryParse(value, out var address) && address.ToString() == san.Value
        : string.Equals(value, san.Value, StringComparison.OrdinalIgnoreCase);

    private static PolicyResult.Refused? CheckSans(Profile profile, CsrInfo csr, ImmutableArray<SanEntry>.Builder sans)
    {
        if (csr.Sans.Count > MaxSans)
        {
            return new(RefusalCode.SanInvalid, $"{csr.Sans.Count} subjectAltName entries; at most {MaxSans} allowed");
        }

        foreach (var san in csr.Sans)
        {
            var (type, label) = san.Kind switch
            {
                SanKind.Dns => (SanTypes.Dns, "dns"),
                SanKind.Email => (SanTypes.Email, "email"),
                SanKind.Ip => (SanTypes.Ip, "ip"),
                SanKind.XmppAddr => (SanTypes.Xmpp, "xmpp (otherName XmppAddr)"),
                _ => (SanTypes.None, san.Value),
            };
            if (type == SanTypes.None || !profile.SanTypes.HasFlag(type))
            {
                return new(RefusalCode.SanTypeNotAllowed, $"subjectAltName type {Printable(label)} not allowed by profile \"{profile.Name}\"");
            }

            SanEntry normalized;
            switch (san.Kind)
            {
                case SanKind.Dns:
                    if (NameSyntax.DnsNameError(san.Value, profile.WildcardDnsNames) is { } dnsError)
                    {
                        return new(RefusalCode.SanInvalid, $"dNSName \"{Printable(san.Value)}\": {dnsError}");
                    }

                    // RFC 5280 7.2: DNS names compare case-insensitively; issue one canonical form.
                    normalized = san with { Value = san.Value.ToLowerInvariant() };
                    break;
                case SanKind.XmppAddr:
                    // RFC 6120 13.7.1.4: a server certificate's XmppAddr is its domain, held to the
                    // same rules as a dNSName of this profile, never a wildcard (RFC 6120 13.7.1.2.2).
                    if (NameSyntax.DnsNameError(san.Value) is { } xmppError)
                    {
                        return new(RefusalCode.SanInvalid, $"XmppAddr \"{Printable(san.Value)}\": {xmppError}");
                    }

                    normalized = san with { Value = san.Value.ToLowerInvariant() };
                    break;
                case SanKind.Email:
                    if (NameSyntax.EmailError(san.Value) is { } mailError)
                    {
                        return new(RefusalCode.SanInvalid, $"rfc822Name \"{Printable(san.Value)}\": {mailError}");
                    }

                    // RFC 5280 7.5: the local part is case-sensitive, the domain is not.
                    var at = san.Value.LastIndexOf('@');
                    normalized = san with { Value = san.Value[..at] + san.Value[at..].ToLowerInvariant() };
                    break;
                default:
                    if (NameSyntax.IpError(san.Value, out var address) is { } ipError)
                    {
                        return new(RefusalCode.SanInvalid, $"iPAddress {Printable(san.Value)}: {ipError}");
                    }

                    normalized = san with { Value = address!.ToString() };
                    break;
            }

            if (!sans.Contains(normalized))
            {
                sans.Add(normalized);
            }
        }

        return null;
    }

    /// <summary>RFC 5280 Appendix A upper bounds; no control or format characters anywhere.</summary>
    private static string? AttributeError(SubjectAttribute attribute)
    {
        var value = attribute.Value;
        if (value.Length == 0)
        {
            return "empty value"; // RFC 5280 4.1.2.4 DirectoryString SIZE (1..MAX)
        }

        if (NameSyntax.HasForbiddenCharacter(value))
        {
            return "contains control or format characters";
        }

        var length = NameSyntax.RuneCount(value);
        return attribute.Oid switch
        {
            KnownOids.CommonName when length > 64 => "longer than ub-common-name (64)",
            KnownOids.Organization when length > 64 => "longer than ub-organization-name (64)",
            KnownOids.OrganizationalUnit when length > 64 => "longer than ub-organizational-unit-name (64)",
            KnownOids.Locality when length > 128 => "longer than ub-locality-name (128)",
            KnownOids.State when length > 128 => "longer than ub-state-name (128)",
            KnownOids.Country when value.Length != 2 || !value.All(char.IsAsciiLetter) => "must be a two-letter country code (ISO 3166)",
            KnownOids.EmailAddress when length > 255 => "longer than ub-emailaddress-length (255)",
            KnownOids.EmailAddress => NameSyntax.EmailError(value),
            _ => null,
        };
    }

    private static string Printable(string value) => NameSyntax.Printable(value);
}
