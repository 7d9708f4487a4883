using System.Collections.Frozen;

namespace PrivSepSigner.Policy;

/// <summary>
/// The configuration vocabulary: names an operator writes in a profile, mapped to the OIDs
/// that go into certificates. Anything not listed here is refused when a profile is built.
/// </summary>
public static class KnownOids
{
    public const string CommonName = "2.5.4.3";            // RFC 5280 A.1 id-at-commonName
    public const string Locality = "2.5.4.7";              // id-at-localityName
    public const string State = "2.5.4.8";                 // id-at-stateOrProvinceName
    public const string Organization = "2.5.4.10";         // id-at-organizationName
    public const string OrganizationalUnit = "2.5.4.11";   // id-at-organizationalUnitName
    public const string Country = "2.5.4.6";               // id-at-countryName
    public const string EmailAddress = "1.2.840.113549.1.9.1"; // RFC 5280 A.1 id-emailAddress (legacy)

    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";  // RFC 5280 4.2.1.12
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";
    public const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    public const string TimeStamping = "1.3.6.1.5.5.7.3.8";
    public const string OcspSigning = "1.3.6.1.5.5.7.3.9";

    public const string BasicConstraints = "2.5.29.19";
    public const string SubjectAltName = "2.5.29.17";

    /// <summary>PKCS#9 extensionRequest (RFC 2985 5.4.2): the extensions a PKCS#10 request asks for.</summary>
    public const string ExtensionRequest = "1.2.840.113549.1.9.14";

    /// <summary>id-on-xmppAddr (RFC 6120 13.7.1.4), an otherName SAN type.</summary>
    public const string XmppAddr = "1.3.6.1.5.5.7.8.5";

    /// <summary>Subject attribute names (as in OpenSSL and RFC 4514 where defined) to OIDs.</summary>
    public static FrozenDictionary<string, string> SubjectAttributes { get; } = new Dictionary<string, string>
    {
        ["CN"] = CommonName,
        ["O"] = Organization,
        ["OU"] = OrganizationalUnit,
        ["L"] = Locality,
        ["ST"] = State,
        ["C"] = Country,
        ["emailAddress"] = EmailAddress,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Extended key usage names (RFC 5280 4.2.1.12) to OIDs.</summary>
    public static FrozenDictionary<string, string> ExtendedKeyUsages { get; } = new Dictionary<string, string>
    {
        ["serverAuth"] = ServerAuth,
        ["clientAuth"] = ClientAuth,
        ["codeSigning"] = CodeSigning,
        ["emailProtection"] = EmailProtection,
        ["timeStamping"] = TimeStamping,
        ["OCSPSigning"] = OcspSigning,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>keyUsage bit names as spelled in RFC 5280 4.2.1.3.</summary>
    public static FrozenDictionary<string, KeyUsageFlags> KeyUsages { get; } = new Dictionary<string, KeyUsageFlags>
    {
        ["digitalSignature"] = KeyUsageFlags.DigitalSignature,
        ["nonRepudiation"] = KeyUsageFlags.NonRepudiation,
        ["keyEncipherment"] = KeyUsageFlags.KeyEncipherment,
        ["dataEncipherment"] = KeyUsageFlags.DataEncipherment,
        ["keyAgreement"] = KeyUsageFlags.KeyAgreement,
        ["keyCertSign"] = KeyUsageFlags.KeyCertSign,
        ["cRLSign"] = KeyUsageFlags.CrlSign,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static FrozenDictionary<string, SanTypes> SanTypeNames { get; } = new Dictionary<string, SanTypes>
    {
        ["dns"] = SanTypes.Dns,
        ["email"] = SanTypes.Email,
        ["ip"] = SanTypes.Ip,
        ["xmpp"] = SanTypes.Xmpp,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The named curves accepted in profiles.</summary>
    public static FrozenSet<string> CurveNames { get; } = new[] { "P-256", "P-384", "P-521" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Named-curve OID (RFC 5480 2.1.1.1) to NIST name, or null for anything else.</summary>
    public static string? CurveName(string? oid) => oid switch
    {
        "1.2.840.10045.3.1.7" => "P-256",
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        _ => null,
    };

    /// <summary>Short name of a subject attribute OID for display (RFC 4514 3 where defined), or null.</summary>
    public static string? AttributeShortName(string oid) => oid switch
    {
        CommonName => "CN",
        Locality => "L",
        State => "ST",
        Organization => "O",
        OrganizationalUnit => "OU",
        Country => "C",
        EmailAddress => "emailAddress",
        _ => null,
    };
}
