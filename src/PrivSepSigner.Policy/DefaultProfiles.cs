using System.Collections.Frozen;
using PrivSepSigner.Configuration;

namespace PrivSepSigner.Policy;

/// <summary>
/// The eight profiles of the legacy deployment (client, client-codesign, client-org, server,
/// server-org, ocsp, subca, timestamp), written into a new installation's config by init.
/// </summary>
public static class DefaultProfiles
{
    public static IReadOnlyDictionary<string, ProfileConfig> All { get; } = new Dictionary<string, ProfileConfig>
    {
        ["client"] = new()
        {
            ValidityDays = 365,
            KeyUsage = ["digitalSignature", "keyEncipherment"],
            ExtendedKeyUsage = ["clientAuth", "emailProtection"],
            SubjectAttributes = ["CN", "emailAddress"],
            SanTypes = ["email"],
        },
        ["client-codesign"] = new()
        {
            ValidityDays = 365,
            KeyUsage = ["digitalSignature"],
            ExtendedKeyUsage = ["codeSigning", "clientAuth", "emailProtection"],
            SubjectAttributes = ["CN", "emailAddress"],
            SanTypes = ["email"],
        },
        ["client-org"] = new()
        {
            ValidityDays = 365,
            KeyUsage = ["digitalSignature", "keyEncipherment"],
            ExtendedKeyUsage = ["clientAuth", "emailProtection"],
            SubjectAttributes = ["C", "ST", "L", "O", "OU", "CN", "emailAddress"],
            SanTypes = ["email", "dns"],
        },
        ["server"] = new()
        {
            // 397 days: the CA/Browser Forum ceiling for TLS server certificates.
            ValidityDays = 397,
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
            KeyUsage = ["digitalSignature"],
            ExtendedKeyUsage = ["OCSPSigning"],
            SubjectAttributes = ["C", "O", "CN"],
            OcspNoCheck = true,
        },
        ["subca"] = new()
        {
            // A sub-CA key is certified once; a second request for it is a mistake or an attack.
            UniqueKey = true,
            ValidityDays = 1825,
            Ca = true,
            PathLength = 0,
            KeyUsage = ["digitalSignature", "keyCertSign", "cRLSign"],
            SubjectAttributes = ["C", "O", "OU", "CN"],
        },
        ["timestamp"] = new()
        {
            ValidityDays = 1095,
            KeyUsage = ["digitalSignature", "nonRepudiation"],
            ExtendedKeyUsage = ["timeStamping"],
            SubjectAttributes = ["C", "O", "CN"],
        },
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
