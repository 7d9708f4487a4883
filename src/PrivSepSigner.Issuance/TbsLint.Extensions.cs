using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Issuance;

/// <summary>The extension and key rules (docs/issuance-lint.md, "Extensions" and "Key").</summary>
internal static partial class TbsLint
{
    private const string AnyPolicy = "2.5.29.32.0";
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    /// <summary>RFC 5280 4.2.1.12: the keyUsage bits each purpose is consistent with.</summary>
    private static readonly (string Oid, string Name, int Bits)[] PurposeUsages =
    [
        (KnownOids.ServerAuth, "serverAuth", KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment | KeyUsage.KeyAgreement),
        (KnownOids.ClientAuth, "clientAuth", KeyUsage.DigitalSignature | KeyUsage.KeyAgreement),
        (KnownOids.CodeSigning, "codeSigning", KeyUsage.DigitalSignature),
        (KnownOids.EmailProtection, "emailProtection", KeyUsage.DigitalSignature | KeyUsage.NonRepudiation | KeyUsage.KeyEncipherment | KeyUsage.KeyAgreement),
        (KnownOids.TimeStamping, "timeStamping", KeyUsage.DigitalSignature | KeyUsage.NonRepudiation),
        (KnownOids.OcspSigning, "OCSPSigning", KeyUsage.DigitalSignature | KeyUsage.NonRepudiation),
    ];

    private static void CheckExtensions(TbsCertificateStructure tbs, Expectations expected, CertificateFacts facts, List<string> problems)
    {
        CheckConstraints(expected, facts, problems);
        CheckUsage(facts, problems);
        CheckPurposes(expected.Profile, facts, problems);
        CheckIdentifiersAndPolicies(facts, problems);
        CheckKey(tbs.SubjectPublicKeyInfo, facts, problems);
    }

    private static void CheckConstraints(Expectations expected, CertificateFacts facts, List<string> problems)
    {
        var constraints = facts.Constraints;
        if (constraints is null || facts.IsCa != expected.Profile.IsCa)
        {
            problems.Add("basicConstraints cA does not match the profile (RFC 5280 4.2.1.9)");
        }
        else if (facts.Extension(X509Extensions.BasicConstraints) is { IsCritical: false })
        {
            problems.Add("basicConstraints is not critical (RFC 5280 4.2.1.9; x509lint)");
        }

        if (!facts.IsCa && constraints?.PathLenConstraintInteger is not null)
        {
            problems.Add("pathLenConstraint without cA TRUE (RFC 5280 4.2.1.9; x509lint)");
        }

        // RFC 5280 4.2.1.9 / 6.1.4 (l): a sub-CA under a pathLen 0 CA (or deeper than it allows) would be invalid.
        if (facts.IsCa && expected.CaPathLength is { } caPath)
        {
            var subPath = constraints?.PathLenConstraintInteger?.IntValueExact;
            if (caPath == 0 || subPath is null || subPath >= caPath)
            {
                problems.Add($"the CA's pathLenConstraint {caPath} does not allow this sub-CA");
            }
        }

        // RFC 5280 4.2.1.10: only the profile's, and critical.
        var nameConstraints = facts.Extension(X509Extensions.NameConstraints);
        if ((nameConstraints is not null) != (expected.Profile.NameConstraints is not null) || nameConstraints is { IsCritical: false })
        {
            problems.Add("nameConstraints missing, unexpected or not critical (RFC 5280 4.2.1.10)");
        }
    }

    private static void CheckUsage(CertificateFacts facts, List<string> problems)
    {
        var keyCertSign = facts.HasUsage(KeyUsage.KeyCertSign);
        if (facts.Usage is null || facts.UsageBits == 0)
        {
            problems.Add("keyUsage missing or empty (RFC 5280 4.2.1.3)");
            return;
        }

        if (facts.Extension(X509Extensions.KeyUsage) is { IsCritical: false })
        {
            problems.Add("keyUsage is not critical (RFC 5280 4.2.1.3; CA/B BR 7.1.2.10.7)");
        }

        if (keyCertSign != facts.IsCa)
        {
            problems.Add("keyCertSign set without cA TRUE or missing with it (RFC 5280 4.2.1.3, 4.2.1.9)");
        }

        if (facts.IsCa && !facts.HasUsage(KeyUsage.CrlSign))
        {
            problems.Add("CA certificate without cRLSign (CA/B BR 7.1.2.10.7)");
        }

        // RFC 5480 3: an EC key never enciphers; RFC 3279 2.3.1: an RSA key never agrees keys.
        if (facts.IsEcKey && facts.HasUsage(KeyUsage.KeyEncipherment | KeyUsage.DataEncipherment))
        {
            problems.Add("keyEncipherment or dataEncipherment for an EC key (RFC 5480 3)");
        }

        if (facts.IsRsaKey && facts.HasUsage(KeyUsage.KeyAgreement | KeyUsage.EncipherOnly | KeyUsage.DecipherOnly))
        {
            problems.Add("keyAgreement, encipherOnly or decipherOnly for an RSA key (RFC 3279 2.3.1)");
        }

        if (!facts.HasUsage(KeyUsage.KeyAgreement) && facts.HasUsage(KeyUsage.EncipherOnly | KeyUsage.DecipherOnly))
        {
            problems.Add("encipherOnly or decipherOnly without keyAgreement (RFC 5280 4.2.1.3)");
        }
    }

    private static void CheckPurposes(Profile profile, CertificateFacts facts, List<string> problems)
    {
        if (facts.Purposes is not { } purposes)
        {
            return;
        }

        if (purposes.Count == 0)
        {
            problems.Add("extendedKeyUsage without any purpose (RFC 5280 4.2.1.12; x509lint)");
        }

        if (purposes.Contains(AnyExtendedKeyUsage))
        {
            problems.Add("anyExtendedKeyUsage is never issued (CA/B BR 7.1.2.7.10)");
        }

        // RFC 3161 2.3: a time-stamping certificate has exactly that purpose, critical.
        if (purposes.Contains(KnownOids.TimeStamping)
            && (purposes.Count != 1 || facts.Extension(X509Extensions.ExtendedKeyUsage) is not { IsCritical: true }))
        {
            problems.Add("timeStamping must be the only purpose and critical (RFC 3161 2.3)");
        }

        if (profile.OcspNoCheck && !purposes.Contains(KnownOids.OcspSigning))
        {
            problems.Add("ocsp-nocheck without OCSPSigning (RFC 6960 4.2.2.2.1)");
        }

        // RFC 5280 4.2.1.12: "the certificate MUST only be used for a purpose consistent with both".
        foreach (var (oid, name, bits) in PurposeUsages)
        {
            if (purposes.Contains(oid) && !facts.HasUsage(bits))
            {
                problems.Add($"{name} without a key usage that serves it (RFC 5280 4.2.1.12)");
            }
        }
    }

    private static void CheckIdentifiersAndPolicies(CertificateFacts facts, List<string> problems)
    {
        // RFC 5280 4.2.1.2 / 4.2.1.1: both key identifiers, non-critical; x509lint "SKID missing", "AKID missing".
        if (facts.Extension(X509Extensions.SubjectKeyIdentifier) is not { IsCritical: false })
        {
            problems.Add("subjectKeyIdentifier missing or critical (RFC 5280 4.2.1.2)");
        }

        var aki = facts.Extension(X509Extensions.AuthorityKeyIdentifier);
        if (aki is not { IsCritical: false } || AuthorityKeyIdentifier.GetInstance(aki.GetParsedValue()).KeyIdentifier is null)
        {
            problems.Add("authorityKeyIdentifier missing, critical or without keyIdentifier (RFC 5280 4.2.1.1)");
        }

        foreach (var (oid, name) in new[] { (X509Extensions.AuthorityInfoAccess, "authorityInfoAccess"), (X509Extensions.CrlDistributionPoints, "cRLDistributionPoints"), (X509Extensions.CertificatePolicies, "certificatePolicies") })
        {
            if (facts.Extension(oid) is { IsCritical: true })
            {
                problems.Add($"{name} is critical (RFC 5280 4.2.2.1, 4.2.1.13, 4.2.1.4; x509lint)");
            }
        }

        // x509lint "No policy extension"; CA/B BR 7.1.2.7.9 (subscriber) and 7.1.2.10.5 (CA).
        var extension = facts.Extension(X509Extensions.CertificatePolicies);
        if (extension is null)
        {
            problems.Add($"no certificatePolicies extension (CA/B BR 7.1.2.7.9; x509lint): give profile \"{facts.Profile.Name}\" a policies OID");
            return;
        }

        var policies = CertificatePolicies.GetInstance(extension.GetParsedValue()).GetPolicyInformation().Select(p => p.PolicyIdentifier.Id).ToList();
        if (policies.Count != policies.Distinct(StringComparer.Ordinal).Count())
        {
            problems.Add("a certificate policy appears twice (RFC 5280 4.2.1.4)");
        }

        if (policies.Contains(AnyPolicy) && policies.Count > 1)
        {
            problems.Add("anyPolicy together with another policy (x509lint)");
        }

        // x509lint "Baseline Requirements policy present for non server authentication certificate".
        if (!facts.ServerAuth && !facts.IsCa && policies.Any(p => p.StartsWith("2.23.140.1.", StringComparison.Ordinal)))
        {
            problems.Add("a CA/B Forum TLS policy OID (2.23.140.1) in a certificate that is not for serverAuth (x509lint)");
        }
    }

    /// <summary>RFC 3279 2.3.1, RFC 5480 2.1.1: the key's AlgorithmIdentifier as x509lint wants it.</summary>
    private static void CheckKey(SubjectPublicKeyInfo spki, CertificateFacts facts, List<string> problems)
    {
        var parameters = spki.Algorithm.Parameters;
        if (facts.IsRsaKey)
        {
            if (parameters is not DerNull)
            {
                problems.Add("RSA key AlgorithmIdentifier parameters are not NULL (RFC 3279 2.3.1; x509lint \"Algorithm parameter missing\")");
            }

            var modulus = RsaPublicKeyStructure.GetInstance(spki.ParsePublicKey()).Modulus;
            if (modulus.BitLength < Profile.MinRsaBits)
            {
                problems.Add($"RSA modulus of {modulus.BitLength} bits, under {Profile.MinRsaBits} (x509lint)");
            }
        }
        else if (facts.IsEcKey)
        {
            if (parameters is not DerObjectIdentifier curve || KnownOids.CurveName(curve.Id) is null)
            {
                problems.Add("EC key not on a named curve P-256, P-384 or P-521 (RFC 5480 2.1.1; x509lint)");
            }
        }
        else
        {
            problems.Add($"public key algorithm {spki.Algorithm.Algorithm.Id} is never certified (x509lint \"Unknown public key type\")");
        }
    }
}
