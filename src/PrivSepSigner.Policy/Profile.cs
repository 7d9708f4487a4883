using System.Collections.Immutable;
using System.Formats.Asn1;
using System.Numerics;
using PrivSepSigner.Configuration;

namespace PrivSepSigner.Policy;

/// <summary>
/// A validated, immutable certificate profile. The only way to get one is <see cref="Create"/>,
/// which enforces the hard limits below whatever the configuration says, so a typo or a
/// careless edit cannot produce, say, an end-entity certificate able to sign certificates.
/// </summary>
public sealed class Profile
{
    /// <summary>Longest end-entity validity accepted (10 years).</summary>
    public const int MaxValidityDays = 3650;

    /// <summary>Longest CA validity accepted (20 years).</summary>
    public const int MaxCaValidityDays = 7300;

    public const int MinRsaBits = 2048;

    public const int MaxRsaBits = 16384;

    private Profile(
        string name,
        ProfileConfig config,
        KeyUsageFlags keyUsage,
        ImmutableArray<string> ekuOids,
        ImmutableArray<string> subjectOids,
        SanTypes sanTypes,
        ImmutableArray<string> curves,
        ImmutableArray<string> policyOids,
        ProfileNameConstraints? nameConstraints)
    {
        Name = name;
        ValidityDays = config.ValidityDays;
        IsCa = config.Ca;
        PathLength = config.PathLength;
        KeyUsage = keyUsage;
        ExtendedKeyUsageOids = ekuOids;
        SubjectAttributeOids = subjectOids;
        SanTypes = sanTypes;
        RequireSan = config.RequireSan;
        CommonNameRequired = subjectOids.Contains(KnownOids.CommonName) && !config.CommonNameOptional;
        WildcardDnsNames = config.WildcardDnsNames;
        RsaMinBits = config.RsaMinBits;
        RsaMaxBits = config.RsaMaxBits;
        Curves = curves;
        PolicyOids = policyOids;
        OcspNoCheck = config.OcspNoCheck;
        LinkReachable = config.ReachableOverLink();
        NameConstraints = nameConstraints;
    }

    public string Name { get; }

    public int ValidityDays { get; }

    /// <summary>basicConstraints cA (RFC 5280 4.2.1.9).</summary>
    public bool IsCa { get; }

    /// <summary>basicConstraints pathLenConstraint; only on CA profiles.</summary>
    public int? PathLength { get; }

    public KeyUsageFlags KeyUsage { get; }

    /// <summary>Extended key usage OIDs in configuration order (RFC 5280 4.2.1.12).</summary>
    public IReadOnlyList<string> ExtendedKeyUsageOids { get; }

    /// <summary>
    /// RFC 3161 2.3: a time-stamping certificate carries exactly id-kp-timeStamping, critical.
    /// Every other profile's EKU is non-critical so relying parties that don't know a purpose
    /// still accept the certificate.
    /// </summary>
    public bool ExtendedKeyUsageCritical =>
        ExtendedKeyUsageOids.Count == 1 && ExtendedKeyUsageOids[0] == KnownOids.TimeStamping;

    /// <summary>Subject attribute OIDs kept from a request; all others are dropped.</summary>
    public IReadOnlyList<string> SubjectAttributeOids { get; }

    public SanTypes SanTypes { get; }

    public bool RequireSan { get; }

    /// <summary>The request must carry a commonName (CN is kept by this profile and not made optional).</summary>
    public bool CommonNameRequired { get; }

    /// <summary>Wildcard dNSNames (*.example.org) may be issued.</summary>
    public bool WildcardDnsNames { get; }

    public int RsaMinBits { get; }

    public int RsaMaxBits { get; }

    /// <summary>Allowed EC curves by NIST name ("P-256"...).</summary>
    public IReadOnlyList<string> Curves { get; }

    /// <summary>certificatePolicies OIDs (RFC 5280 4.2.1.4), dotted.</summary>
    public IReadOnlyList<string> PolicyOids { get; }

    /// <summary>Adds id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1).</summary>
    public bool OcspNoCheck { get; }

    /// <summary>
    /// Whether front ends may ask for it over the link (<see cref="ProfileConfig.ReachableOverLink"/>):
    /// a sub-CA or OCSP-responder profile is ceremony-only unless the operator opened it.
    /// </summary>
    public bool LinkReachable { get; }

    /// <summary>RFC 5280 4.2.1.10 name constraints (critical) of a CA profile; null for none.</summary>
    public ProfileNameConstraints? NameConstraints { get; }

    public static Profile Create(string name, ProfileConfig config)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(config);
        return CreateCore(name, config);
    }

    private static Profile CreateCore(string name, ProfileConfig c)
    {
        string Field(string f) => $"profiles.{name}.{f}";

        var maxDays = c.Ca ? MaxCaValidityDays : MaxValidityDays;
        if (c.ValidityDays < 1 || c.ValidityDays > maxDays)
        {
            throw new ConfigurationException(Field("validityDays"), $"must be 1..{maxDays} for a {(c.Ca ? "CA" : "non-CA")} profile, not {c.ValidityDays}");
        }

        var keyUsage = KeyUsageFlags.None;
        foreach (var ku in c.KeyUsage ?? [])
        {
            if (!KnownOids.KeyUsages.TryGetValue(ku ?? string.Empty, out var bit))
            {
                throw new ConfigurationException(Field("keyUsage"), $"unknown key usage \"{ku}\" (known: {string.Join(", ", KnownOids.KeyUsages.Keys.Order(StringComparer.Ordinal))})");
            }

            keyUsage |= bit;
        }

        // RFC 5280 4.2.1.3: when keyUsage is present at least one bit must be set.
        if (keyUsage == KeyUsageFlags.None)
        {
            throw new ConfigurationException(Field("keyUsage"), "at least one key usage is required");
        }

        // RFC 5280 4.2.1.9: keyCertSign only with cA TRUE; a CA without keyCertSign is useless.
        if (c.Ca && !keyUsage.HasFlag(KeyUsageFlags.KeyCertSign))
        {
            throw new ConfigurationException(Field("keyUsage"), "a CA profile must include keyCertSign");
        }

        if (!c.Ca && (keyUsage & (KeyUsageFlags.KeyCertSign | KeyUsageFlags.CrlSign)) != 0)
        {
            throw new ConfigurationException(Field("keyUsage"), "keyCertSign and cRLSign are allowed only on a CA profile");
        }

        // RFC 5280 4.2.1.9: pathLenConstraint is meaningful only when cA is TRUE.
        if (c.PathLength is { } pathLength)
        {
            if (!c.Ca)
            {
                throw new ConfigurationException(Field("pathLength"), "only a CA profile may set a path length");
            }

            if (pathLength < 0 || pathLength > 16)
            {
                throw new ConfigurationException(Field("pathLength"), "must be 0..16");
            }
        }

        var eku = MapNames(c.ExtendedKeyUsage, KnownOids.ExtendedKeyUsages, Field("extendedKeyUsage"), "extended key usage");
        if (eku.Contains(KnownOids.TimeStamping) && eku.Length != 1)
        {
            throw new ConfigurationException(Field("extendedKeyUsage"), "timeStamping must be the only extended key usage (RFC 3161 2.3)");
        }

        if (c.OcspNoCheck && !eku.Contains(KnownOids.OcspSigning))
        {
            throw new ConfigurationException(Field("ocspNoCheck"), "only an OCSPSigning profile may carry ocsp-nocheck (RFC 6960 4.2.2.2.1)");
        }

        var subject = MapNames(c.SubjectAttributes, KnownOids.SubjectAttributes, Field("subjectAttributes"), "subject attribute");

        var sanTypes = SanTypes.None;
        foreach (var t in c.SanTypes ?? [])
        {
            if (!KnownOids.SanTypeNames.TryGetValue(t ?? string.Empty, out var bit))
            {
                throw new ConfigurationException(Field("sanTypes"), $"unknown SAN type \"{t}\" (known: {string.Join(", ", KnownOids.SanTypeNames.Keys.Order(StringComparer.Ordinal))})");
            }

            sanTypes |= bit;
        }

        if (c.RequireSan && sanTypes == SanTypes.None)
        {
            throw new ConfigurationException(Field("requireSan"), "requires at least one SAN type in sanTypes");
        }

        if (c.WildcardDnsNames && !sanTypes.HasFlag(SanTypes.Dns))
        {
            throw new ConfigurationException(Field("wildcardDnsNames"), "requires \"dns\" in sanTypes");
        }

        if (c.CommonNameOptional && !subject.Contains(KnownOids.CommonName))
        {
            throw new ConfigurationException(Field("commonNameOptional"), "requires \"CN\" in subjectAttributes");
        }

        if (c.RsaMinBits < MinRsaBits)
        {
            throw new ConfigurationException(Field("rsaMinBits"), $"must be at least {MinRsaBits}, not {c.RsaMinBits}");
        }

        if (c.RsaMaxBits > MaxRsaBits)
        {
            throw new ConfigurationException(Field("rsaMaxBits"), $"must be at most {MaxRsaBits}, not {c.RsaMaxBits}");
        }

        if (c.RsaMaxBits < c.RsaMinBits)
        {
            throw new ConfigurationException(Field("rsaMaxBits"), "must not be smaller than rsaMinBits");
        }

        var curves = ImmutableArray.CreateBuilder<string>();
        foreach (var curve in c.Curves ?? [])
        {
            if (curve is null || !KnownOids.CurveNames.Contains(curve))
            {
                throw new ConfigurationException(Field("curves"), $"unknown curve \"{curve}\" (known: P-256, P-384, P-521)");
            }

            if (curves.Contains(curve))
            {
                throw new ConfigurationException(Field("curves"), $"curve \"{curve}\" listed twice");
            }

            curves.Add(curve);
        }

        var policies = ImmutableArray.CreateBuilder<string>();
        foreach (var oid in c.Policies ?? [])
        {
            if (!IsValidOid(oid))
            {
                throw new ConfigurationException(Field("policies"), $"\"{oid}\" is not a dotted object identifier");
            }

            if (policies.Contains(oid))
            {
                // RFC 5280 4.2.1.4: a policy OID must not appear more than once.
                throw new ConfigurationException(Field("policies"), $"policy \"{oid}\" listed twice");
            }

            policies.Add(oid);
        }

        // RFC 5280 4.2.1.10: name constraints belong in CA certificates only.
        if (c.NameConstraints is not null && !c.Ca)
        {
            throw new ConfigurationException(Field("nameConstraints"), "only a CA profile may carry name constraints (RFC 5280 4.2.1.10)");
        }

        var nameConstraints = c.NameConstraints is { } nc ? ProfileNameConstraints.Create(nc, Field("nameConstraints")) : null;
        return new Profile(name, c, keyUsage, eku, subject, sanTypes, curves.ToImmutable(), policies.ToImmutable(), nameConstraints);
    }

    private static ImmutableArray<string> MapNames(
        IReadOnlyList<string>? names,
        IReadOnlyDictionary<string, string> vocabulary,
        string field,
        string what)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var n in names ?? [])
        {
            if (!vocabulary.TryGetValue(n ?? string.Empty, out var oid))
            {
                throw new ConfigurationException(field, $"unknown {what} \"{n}\" (known: {string.Join(", ", vocabulary.Keys.Order(StringComparer.Ordinal))})");
            }

            if (result.Contains(oid))
            {
                throw new ConfigurationException(field, $"{what} \"{n}\" listed twice");
            }

            result.Add(oid);
        }

        return result.ToImmutable();
    }

    /// <summary>X.660: at least two arcs, first 0..2, second below 40 under 0 and 1, no leading zeros.</summary>
    private static bool IsValidOid(string? oid)
    {
        if (string.IsNullOrEmpty(oid) || oid.Length > 256)
        {
            return false;
        }

        var arcs = oid.Split('.');
        if (arcs.Length < 2)
        {
            return false;
        }

        foreach (var arc in arcs)
        {
            if (arc.Length == 0 || (arc.Length > 1 && arc[0] == '0') || !arc.All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        if (arcs[0] is not ("0" or "1" or "2"))
        {
            return false;
        }

        if (arcs[0] != "2" && BigInteger.Parse(arcs[1], System.Globalization.CultureInfo.InvariantCulture) >= 40)
        {
            return false;
        }

        try
        {
            new AsnWriter(AsnEncodingRules.DER).WriteObjectIdentifier(oid);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
