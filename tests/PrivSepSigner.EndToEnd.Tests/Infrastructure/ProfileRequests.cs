namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>What a well-formed request for each default profile looks like, and what its certificate must show.</summary>
public static class ProfileRequests
{
    /// <summary>A server request's subject (the server profile keeps only the CN, which is its DNS SAN).</summary>
    public const string Subject = "/CN=host.example.test/O=Example Org/C=DE";

    /// <summary>
    /// A subject each profile accepts: where the profile issues SANs the CN is one of them
    /// (issue 22 item 1); organisation and place go together (CA/B BR 7.1.4.2.2).
    /// </summary>
    public static string SubjectFor(string profile) => profile switch
    {
        "server" or "server-org" => "/CN=host.example.test/L=Berlin/O=Example Org/C=DE",
        "client" or "client-codesign" => "/CN=ops@example.test/O=Example Org/C=DE",
        "client-org" => "/CN=host.example.test/O=Example Org/C=DE",
        _ => "/CN=Example Service/O=Example Org/C=DE",
    };

    public static string[] AddExt(string profile) => profile switch
    {
        "server" or "server-org" => ["subjectAltName=DNS:host.example.test,IP:192.0.2.1"],
        "client" or "client-codesign" => ["subjectAltName=email:ops@example.test"],
        "client-org" => ["subjectAltName=email:ops@example.test,DNS:host.example.test"],
        _ => [],
    };

    /// <summary>Strings `openssl x509 -text` must show for a certificate of the profile.</summary>
    public static string[] Expected(string profile) => profile switch
    {
        "client" => ["CA:FALSE", "TLS Web Client Authentication", "E-mail Protection", "email:ops@example.test"],
        "client-codesign" => ["CA:FALSE", "Code Signing"],
        "client-org" => ["CA:FALSE", "TLS Web Client Authentication", "O = Example Org"],
        "server" => ["CA:FALSE", "TLS Web Server Authentication", "DNS:host.example.test", "IP Address:192.0.2.1", "X509v3 Freshest CRL", "-delta.crl"],
        "server-org" => ["CA:FALSE", "TLS Web Server Authentication", "DNS:host.example.test", "O = Example Org"],
        "ocsp" => ["CA:FALSE", "OCSP Signing", "OCSP No Check"],
        "subca" => ["CA:TRUE", "pathlen:0", "Certificate Sign", "CRL Sign"],
        "timestamp" => ["CA:FALSE", "Time Stamping"],
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>Every issued certificate carries these (RFC 5280 4.2.1.1, 4.2.1.2, 4.2.1.13, 4.2.2.1, and 4.2.1.4 for x509lint).</summary>
    public static readonly string[] Always =
    [
        "Version: 3",
        "X509v3 Certificate Policies",
        "Policy: 2.25.54075552606564247952940955713363707083",
        "Issuer: C = XX, O = PrivSepSigner Development, CN = PrivSepSigner Development root-",
        "X509v3 Authority Key Identifier",
        "X509v3 Subject Key Identifier",
        "X509v3 CRL Distribution Points",
        "Authority Information Access",
    ];
}
