using PrivSepSigner.Configuration;

namespace PrivSepSigner.TestSupport;

/// <summary>
/// The eight default profiles written out independently of the product's
/// <c>PrivSepSigner.Policy.DefaultProfiles</c> (a test compares the two), and what openssl
/// must see in a certificate issued under each.
/// </summary>
public static class DefaultProfiles
{
    /// <summary>The development policy OID every default profile carries.</summary>
    public const string Policy = "2.25.54075552606564247952940955713363707083";

    /// <summary>
    /// Every CSR asks for every attribute; each profile keeps only its own. The CN is one of
    /// the SANs where the profile issues SANs, a name otherwise.
    /// </summary>
    public static string FullSubject(string commonName) => $"/C=DE/ST=Berlin/L=Berlin/O=Example Org/OU=Testing/CN={commonName}/emailAddress=alice@example.org";

    public static IReadOnlyDictionary<string, ProfileConfig> Expected { get; } = new Dictionary<string, ProfileConfig>
    {
        ["client"] = new() { ValidityDays = 365, Policies = [Policy], KeyUsage = ["digitalSignature", "keyEncipherment"], ExtendedKeyUsage = ["clientAuth", "emailProtection"], SubjectAttributes = ["CN", "emailAddress"], SanTypes = ["email"] },
        ["client-codesign"] = new() { ValidityDays = 365, Policies = [Policy], KeyUsage = ["digitalSignature"], ExtendedKeyUsage = ["codeSigning", "clientAuth", "emailProtection"], SubjectAttributes = ["CN", "emailAddress"], SanTypes = ["email"] },
        ["client-org"] = new() { ValidityDays = 365, Policies = [Policy], KeyUsage = ["digitalSignature", "keyEncipherment"], ExtendedKeyUsage = ["clientAuth", "emailProtection"], SubjectAttributes = ["C", "ST", "L", "O", "OU", "CN", "emailAddress"], SanTypes = ["email", "dns"] },
        ["server"] = new() { ValidityDays = 397, KeyUsage = ["digitalSignature", "keyEncipherment"], ExtendedKeyUsage = ["serverAuth", "clientAuth"], SubjectAttributes = ["CN"], SanTypes = ["dns", "ip"], RequireSan = true, CommonNameOptional = true, Policies = [Policy] },
        ["server-org"] = new() { ValidityDays = 397, KeyUsage = ["digitalSignature", "keyEncipherment"], ExtendedKeyUsage = ["serverAuth", "clientAuth"], SubjectAttributes = ["C", "ST", "L", "O", "OU", "CN"], SanTypes = ["dns", "ip"], RequireSan = true, CommonNameOptional = true, Policies = [Policy] },
        ["ocsp"] = new() { ValidityDays = 30, Policies = [Policy], KeyUsage = ["digitalSignature"], ExtendedKeyUsage = ["OCSPSigning"], SubjectAttributes = ["C", "O", "CN"], OcspNoCheck = true, LinkReachable = false },
        ["subca"] = new() { ValidityDays = 1825, Policies = [Policy], Ca = true, PathLength = 0, KeyUsage = ["digitalSignature", "keyCertSign", "cRLSign"], SubjectAttributes = ["C", "O", "OU", "CN"], LinkReachable = false },
        ["timestamp"] = new() { ValidityDays = 1095, Policies = [Policy], KeyUsage = ["digitalSignature", "nonRepudiation"], ExtendedKeyUsage = ["timeStamping"], SubjectAttributes = ["C", "O", "CN"] },
    };

    private static readonly string[] Common =
    [
        "X509v3 Basic Constraints: critical",
        "X509v3 Key Usage: critical",
        "X509v3 Subject Key Identifier",
        "X509v3 Authority Key Identifier",
        "CRL Distribution Points",
        "URI:" + TestCa.CrlUrl,
        "Authority Information Access",
        "CA Issuers - URI:" + TestCa.CaIssuersUrl,
        "OCSP - URI:" + TestCa.OcspUrl,
        "Version: 3 (0x2)",
        "X509v3 Certificate Policies",
        "Policy: " + Policy,
    ];

    public static IReadOnlyList<ProfileExpectation> Cases { get; } =
    [
        new("client", ["sslclient", "smimesign"], "email:alice@example.org", "alice@example.org",
            "emailAddress=alice@example.org,CN=alice@example.org",
            [.. Common, "CA:FALSE", "TLS Web Client Authentication", "E-mail Protection", "X509v3 Subject Alternative Name", "email:alice@example.org", "Digital Signature"],
            ["Certificate Sign", "Code Signing", "TLS Web Server Authentication", "OCSP No Check"]),
        new("client-codesign", ["sslclient", "smimesign"], "email:alice@example.org", "alice@example.org",
            "emailAddress=alice@example.org,CN=alice@example.org",
            [.. Common, "CA:FALSE", "Code Signing", "TLS Web Client Authentication", "E-mail Protection", "X509v3 Subject Alternative Name", "Digital Signature"],
            ["Key Encipherment", "Certificate Sign", "TLS Web Server Authentication"]),
        new("client-org", ["sslclient", "smimesign"], "email:alice@example.org,DNS:alice.example.org", "alice.example.org",
            "emailAddress=alice@example.org,CN=alice.example.org,OU=Testing,O=Example Org,L=Berlin,ST=Berlin,C=DE",
            [.. Common, "CA:FALSE", "TLS Web Client Authentication", "X509v3 Subject Alternative Name", "DNS:alice.example.org", "email:alice@example.org"],
            ["Certificate Sign", "TLS Web Server Authentication"]),
        new("server", ["sslserver", "sslclient"], "DNS:www.example.org,DNS:Example.ORG,IP:192.0.2.10,IP:2001:db8::1", "Example.org",
            "CN=example.org",
            [.. Common, "CA:FALSE", "TLS Web Server Authentication", "TLS Web Client Authentication", "X509v3 Subject Alternative Name", "DNS:www.example.org", "DNS:example.org", "IP Address:192.0.2.10", "IP Address:2001:DB8:0:0:0:0:0:1"],
            ["Certificate Sign", "E-mail Protection", "O=Example Org"]),
        new("server-org", ["sslserver"], "DNS:www.example.org", "www.example.org",
            "CN=www.example.org,OU=Testing,O=Example Org,L=Berlin,ST=Berlin,C=DE",
            [.. Common, "CA:FALSE", "TLS Web Server Authentication", "X509v3 Subject Alternative Name", "DNS:www.example.org"],
            ["Certificate Sign", "emailAddress"]),
        new("ocsp", ["ocsphelper", "any"], null, "Alice Example",
            "CN=Alice Example,O=Example Org,C=DE",
            [.. Common, "CA:FALSE", "OCSP Signing", "OCSP No Check", "Digital Signature"],
            ["Certificate Sign", "X509v3 Subject Alternative Name", "TLS Web"]),
        new("subca", [], null, "Alice Example",
            "CN=Alice Example,OU=Testing,O=Example Org,C=DE",
            [.. Common, "CA:TRUE, pathlen:0", "Certificate Sign", "CRL Sign", "Digital Signature"],
            ["CA:FALSE", "X509v3 Extended Key Usage", "X509v3 Subject Alternative Name"]),
        new("timestamp", ["timestampsign"], null, "Alice Example",
            "CN=Alice Example,O=Example Org,C=DE",
            [.. Common, "CA:FALSE", "X509v3 Extended Key Usage: critical", "Time Stamping", "Digital Signature, Non Repudiation"],
            ["Certificate Sign", "X509v3 Subject Alternative Name", "TLS Web"]),
    ];

    public static ProfileExpectation Case(string name) => Cases.Single(c => c.Name == name);
}
