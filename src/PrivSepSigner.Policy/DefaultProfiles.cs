using System.Collections.Frozen;
using PrivSepSigner.Configuration;

namespace PrivSepSigner.Policy;

/// <summary>
/// The eight profiles of the legacy deployment (client, client-codesign, client-org, server,
/// server-org, ocsp, subca, timestamp), written into a new installation's config by init,
/// and the names of init's development roots. Both are what an operator copies, so they
/// pass the pre-issuance lint (and x509lint) as they are: every profile carries a
/// certificatePolicies OID, every development root a countryName and an organizationName.
/// ocsp and subca are ceremony-only ("linkReachable": false, said out loud in the config an
/// operator copies): no front end obtains a CA or OCSP-responder certificate over the link.
/// </summary>
public static class DefaultProfiles
{
    /// <summary>
    /// "PrivSepSigner development certificate, no assurance": an OID under the UUID arc 2.25
    /// (ITU-T X.667), which needs no registration. A production CA replaces it with its own CP/CPS OID.
    /// </summary>
    public const string DevelopmentPolicyOid = "2.25.54075552606564247952940955713363707083";

    /// <summary>
    /// The subject of a development root: C=XX is the ISO 3166 user-assigned code the CA/B
    /// Forum BRs (7.1.4.2.2) allow when no country applies (x509lint: "Issuer without countryName").
    /// </summary>
    public static string DevelopmentRootSubject(string rootName) => $"CN=PrivSepSigner Development {rootName}, O=PrivSepSigner Development, C=XX";

    public static IReadOnlyDictionary<string, ProfileConfig> All { get; } = new Dictionary<string, ProfileConfig>
    {
        ["client"] = new()
        {
            ValidityDays = 365,
            Policies = [DevelopmentPolicyOid],
            KeyUsage = ["digitalSignature", "keyEncipherment"],
            ExtendedKeyUsage = ["clientAuth", "emailProtection"],
            SubjectAttributes = ["CN", "emailAddress"],
            SanTypes = ["email"],
        },
        ["client-codesign"] = new()
        {
            ValidityDays = 365,
            Policies = [DevelopmentPolicyOid],
            KeyUsage = ["digitalSignature"],
            ExtendedKeyUsage = ["codeSigning", "clientAuth", "emailProtection"],
            SubjectAttributes = ["CN", "emailAddress"],
            SanTypes = ["email"],
        },
        ["client-org"] = new()
        {
            ValidityDays = 365,
            Policies = [DevelopmentPolicyOid],
            KeyUsage = ["digitalSignature", "keyEncipherment"],
            ExtendedKeyUsage = ["clientAuth", "emailProtection"],
            SubjectAttributes = ["C", "ST", "L", "O", "OU", "CN", "emailAddress"],
            SanTypes = ["email", "dns"],
        },
        ["server"] = new()
        {
            // 397 days: the CA/Browser Forum ceiling for TLS server certificates.
            ValidityDays = 397,
            Policies = [DevelopmentPolicyOid],
            KeyUsage = ["digitalSignature", "keyEncipherment"],
            ExtendedKeyUsage = ["serverAuth", "clientAuth"],
            SubjectAttributes = ["CN"],
            SanTypes = ["dns", "ip"],
            RequireSan = true,

            // CA/B BR 7.1.4.3: the CN is "not recommended" in TLS server certificates.
            CommonNameOptional = true,
        },
        ["server-org"] = new()
        {
            ValidityDays = 397,
            Policies = [DevelopmentPolicyOid],
            KeyUsage = ["digitalSignature", "keyEncipherment"],
            ExtendedKeyUsage = ["serverAuth", "clientAuth"],
            SubjectAttributes = ["C", "ST", "L", "O", "OU", "CN"],
            SanTypes = ["dns", "ip"],
            RequireSan = true,
            CommonNameOptional = true,
        },
        ["ocsp"] = new()
        {
            // Short-lived because ocsp-nocheck makes the responder certificate unrevocable (RFC 6960 4.2.2.2.1).
            ValidityDays = 30,
            Policies = [DevelopmentPolicyOid],
            KeyUsage = ["digitalSignature"],
            ExtendedKeyUsage = ["OCSPSigning"],
            SubjectAttributes = ["C", "O", "CN"],
            OcspNoCheck = true,

            // An OCSP responder speaks for the CA about every certificate: issued on the signing host only.
            LinkReachable = false,
        },
        ["subca"] = new()
        {
            // A sub-CA key is certified once; a second request for it is a mistake or an attack.
            UniqueKey = true,
            ValidityDays = 1825,
            Policies = [DevelopmentPolicyOid],
            Ca = true,
            PathLength = 0,
            KeyUsage = ["digitalSignature", "keyCertSign", "cRLSign"],
            SubjectAttributes = ["C", "O", "OU", "CN"],

            // A sub-CA can issue for any name: issued on the signing host only (ceremony sign-csr).
            LinkReachable = false,
        },
        ["timestamp"] = new()
        {
            ValidityDays = 1095,
            Policies = [DevelopmentPolicyOid],
            KeyUsage = ["digitalSignature", "nonRepudiation"],
            ExtendedKeyUsage = ["timeStamping"],
            SubjectAttributes = ["C", "O", "CN"],
        },
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
