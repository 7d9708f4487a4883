using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Keys;
using PrivSepSigner.Policy;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;

namespace PrivSepSigner.Issuance.Tests;

/// <summary>
/// Issue 22 item 9: the pre-sign lint holds the RFC 5280 and CA/Browser Forum rules that
/// x509lint and zlint check for these certificate types, and a finding refuses issuance in
/// the prepare step, before the key is touched. Each case here is something the policy
/// would not produce on its own (an approved result built by hand, a bad root or profile).
/// </summary>
[Collection(CaCollection.Name)]
public sealed class PreSignLintTests
{
    private readonly CaFixture fixture;

    public PreSignLintTests(CaFixture fixture) => this.fixture = fixture;

    private static Profile Default(string name, string? policy = "1.3.6.1.4.1.99999.1") =>
        Profile.Create(name, ProductProfiles.All[name] with { Policies = policy is null ? [] : [policy] });

    private static CsrInfo Key(string spec = "P-256") => CsrInfo.Parse(Csrs.Make(spec, "/CN=x"));

    private static SubjectAttribute Cn(string value) => new(KnownOids.CommonName, value);

    private static IssuanceException Refused(CaIssuer issuer, Profile profile, CsrInfo csr, PolicyResult.Approved approved) =>
        Assert.Throws<IssuanceException>(() => issuer.Prepare(profile, csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));

    [Fact]
    public void An_issuer_without_country_or_organization_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Countryless CA", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(100));
        using var issuer = new CaIssuer("bare", cert.RawData, new RsaSigningKey(RSA.Create(rsa.ExportParameters(true))), fixture.Rsa.Root);
        var e = Refused(issuer, Default("ocsp"), Key(), new PolicyResult.Approved([Cn("OCSP")], []));
        Assert.Contains("issuer has no countryName", e.Message, StringComparison.Ordinal);
        Assert.Contains("issuer has no organizationName", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_without_certificate_policies_is_refused()
    {
        using var issuer = fixture.Rsa.NewIssuer();
        var e = Refused(issuer, Default("ocsp", policy: null), Key(), new PolicyResult.Approved([Cn("OCSP")], []));
        Assert.Contains("certificatePolicies", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_common_name_that_is_not_a_san_is_refused()
    {
        using var issuer = fixture.Ec.NewIssuer();
        var e = Refused(issuer, Default("server"), Key(), new PolicyResult.Approved([Cn("evil.example.com")], [new SanEntry(SanKind.Dns, "good.example.org")]));
        Assert.Contains("commonName", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_common_names_are_refused()
    {
        using var issuer = fixture.Ec.NewIssuer();
        var e = Refused(issuer, Default("server"), Key(), new PolicyResult.Approved([Cn("a.example.org"), Cn("a.example.org")], [new SanEntry(SanKind.Dns, "a.example.org")]));
        Assert.Contains("more than one commonName", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_certificate_valid_longer_than_398_days_is_refused()
    {
        using var issuer = fixture.Ec.NewIssuer();
        var profile = Profile.Create("long", ProductProfiles.All["server"] with { ValidityDays = 500, Policies = ["1.3.6.1.4.1.99999.1"] });
        var e = Refused(issuer, profile, Key(), new PolicyResult.Approved([], [new SanEntry(SanKind.Dns, "a.example.org")]));
        Assert.Contains("398 days", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_usage_that_does_not_serve_the_extended_key_usage_is_refused()
    {
        // RFC 5280 4.2.1.12: serverAuth needs digitalSignature, keyEncipherment or keyAgreement.
        using var issuer = fixture.Ec.NewIssuer();
        var profile = Profile.Create("nr", ProductProfiles.All["server"] with { KeyUsage = ["nonRepudiation"], Policies = ["1.3.6.1.4.1.99999.1"] });
        var e = Refused(issuer, profile, Key(), new PolicyResult.Approved([], [new SanEntry(SanKind.Dns, "a.example.org")]));
        Assert.Contains("serverAuth", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sub_ca_subject_without_country_and_organization_is_refused()
    {
        using var issuer = fixture.Rsa.NewIssuer();
        var e = Refused(issuer, Default("subca"), Key(), new PolicyResult.Approved([Cn("Sub CA")], []));
        Assert.Contains("CA certificate subject has no countryName", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_organization_without_country_is_refused()
    {
        using var issuer = fixture.Rsa.NewIssuer();
        var e = Refused(issuer, Default("ocsp"), Key(), new PolicyResult.Approved([new SubjectAttribute(KnownOids.Organization, "Org"), Cn("OCSP")], []));
        Assert.Contains("organizationName but no countryName", e.Message, StringComparison.Ordinal);
    }
}
