using PrivSepSigner.TestSupport;
using PrivSepSigner.Issuance;
using PrivSepSigner.Policy;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;

namespace PrivSepSigner.Policy.Tests;

/// <summary>
/// Issue 16 item 10: wildcard DNS names are a profile option, off by default: exactly one
/// "*" as the whole leftmost label (RFC 6125 6.4.3, CA/B BR 7.1.2.7.12) over at least two
/// labels (no "*.tld"; without a public suffix list "*.co.uk" is not caught, see README).
/// </summary>
[Collection(CaCollection.Name)]
public sealed class WildcardTests
{
    private const string WildcardServer = """
        { "validityDays": 90, "keyUsage": ["digitalSignature", "keyEncipherment"], "extendedKeyUsage": ["serverAuth"],
          "subjectAttributes": ["CN"], "commonNameOptional": true, "sanTypes": ["dns"], "requireSan": true,
          "policies": ["2.23.140.1.2.1"], "wildcardDnsNames": true }
        """;

    private readonly CaFixture fixture;

    public WildcardTests(CaFixture fixture) => this.fixture = fixture;

    private static Profile Wildcards => Profile.Create("wild", ConfigProfiles.FromJson(WildcardServer));

    [Fact]
    public void The_default_server_profile_refuses_wildcards()
    {
        var result = ProfilePolicy.Evaluate(Profile.Create("server", ProductProfiles.All["server"]), CsrInfo.Parse(Csrs.Make("P-256", "/O=x", "DNS:*.example.org")));
        var refused = Assert.IsType<PolicyResult.Refused>(result);
        Assert.Equal(RefusalCode.SanInvalid, refused.Code);
        Assert.Contains("wildcard", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DNS:*.org")]
    [InlineData("DNS:*")]
    [InlineData("DNS:*.")]
    [InlineData("DNS:a.*.example.org")]
    [InlineData("DNS:*.*.example.org")]
    [InlineData("DNS:w*.example.org")]
    [InlineData("DNS:*w.example.org")]
    [InlineData("DNS:www.example.*")]
    public void A_misplaced_or_too_wide_wildcard_is_refused_even_where_wildcards_are_allowed(string san)
    {
        var refused = Assert.IsType<PolicyResult.Refused>(ProfilePolicy.Evaluate(Wildcards, CsrInfo.Parse(Csrs.Make("P-256", "/O=x", san))));
        Assert.Equal(RefusalCode.SanInvalid, refused.Code);
    }

    [Fact]
    public void Wildcards_need_dns_san_type()
    {
        var e = Assert.Throws<PrivSepSigner.Configuration.ConfigurationException>(() => Profile.Create("p", ConfigProfiles.FromJson("""
            { "validityDays": 30, "keyUsage": ["digitalSignature"], "subjectAttributes": ["CN"], "sanTypes": ["email"], "wildcardDnsNames": true }
            """)));
        Assert.Equal("profiles.p.wildcardDnsNames", e.Field);
    }

    [Fact]
    public void A_wildcard_certificate_matches_one_label_for_openssl()
    {
        var csr = CsrInfo.Parse(Csrs.Make("P-256", "/CN=*.Example.org", "DNS:*.EXAMPLE.org,DNS:example.org"));
        var approved = Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(Wildcards, csr));
        Assert.Equal([new SanEntry(SanKind.Dns, "*.example.org"), new SanEntry(SanKind.Dns, "example.org")], approved.Sans);
        Assert.Equal([new SubjectAttribute(KnownOids.CommonName, "*.example.org")], approved.Subject);

        using var issuer = fixture.Rsa.NewIssuer();
        var issued = issuer.Issue(issuer.Prepare(Wildcards, csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));
        using var dir = new TempDir();
        File.WriteAllText(dir.File("cert.pem"), System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", issued.Der) + "\n");
        string[] Verify(string host) => ["verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", fixture.Rsa.CertificatePemFile, "-verify_hostname", host, dir.File("cert.pem")];
        Assert.Contains(": OK", OpenSsl.Ok(dir.Path, Verify("www.example.org")), StringComparison.Ordinal);
        Assert.Contains(": OK", OpenSsl.Ok(dir.Path, Verify("example.org")), StringComparison.Ordinal);
        var tooDeep = OpenSsl.Run(dir.Path, Verify("a.b.example.org"));
        Assert.NotEqual(0, tooDeep.ExitCode);
        Assert.Contains("hostname mismatch", tooDeep.Stdout + tooDeep.Stderr, StringComparison.Ordinal);
    }
}
