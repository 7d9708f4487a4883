using System.Collections.Frozen;
using PrivSepSigner.Configuration;

namespace PrivSepSigner.Policy;

/// <summary>
/// The eight profiles of the legacy deployment (client, client-codesign, client-org, server,
/// server-org, ocsp, subca, timestamp), written into a new installation's config by init.
/// ocsp and subca are ceremony-only ("linkReachable": false, said out loud in the config an
/// operator copies): no front end obtains a CA or OCSP-responder certificate over the link.
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
        },
        ["server-org"] = new()
        {
            ValidityDays = 397,
            KeyUsage = ["digitalSignature", "keyEncipherment"],
            ExtendedKeyUsage = ["serverAuth", "clientAuth"],
            SubjectAttributes = ["C", "ST", "L", "O", "OU", "CN"],
            SanTypes = ["dns", "ip"],
            RequireSan = true,
        },
        ["ocsp"] = new()
        {
            // Short-lived because ocsp-nocheck makes the responder certificate unrevocable (RFC 6960 4.2.2.2.1).
            ValidityDays = 30,
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
            KeyUsage = ["digitalSignature", "nonRepudiation"],
            ExtendedKeyUsage = ["timeStamping"],
            SubjectAttributes = ["C", "O", "CN"],
        },
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
