using System.Security.Cryptography;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Policy;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;

namespace PrivSepSigner.Issuance.Tests;

/// <summary>A sub-CA profile may carry name constraints (RFC 5280 4.2.1.10): critical, as openssl reads them.</summary>
[Collection(CaCollection.Name)]
public sealed class NameConstraintsTests
{
    private readonly CaFixture fixture;

    public NameConstraintsTests(CaFixture fixture) => this.fixture = fixture;

    [Theory]
    [InlineData("rsa")]
    [InlineData("ec")]
    public void A_constrained_sub_ca_profile_puts_critical_name_constraints_and_its_path_length_in_the_certificate(string caKind)
    {
        var profile = Profile.Create("subca", ProductProfiles.All["subca"] with
        {
            NameConstraints = new()
            {
                PermittedDns = ["example.test"],
                ExcludedDns = ["secret.example.test"],
                PermittedEmail = [".example.test", "ops@example.org"],
            },
        });
        var csr = CsrInfo.Parse(Csrs.Make("P-256", "/C=DE/O=Example Org/CN=Example Issuing CA", null));
        var approved = Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(profile, csr));
        var ca = fixture.Get(caKind);
        using var issuer = ca.NewIssuer();
        var issued = issuer.Issue(issuer.Prepare(profile, csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));

        using var dir = new TempDir();
        var certFile = dir.File("subca.pem");
        File.WriteAllText(certFile, PemEncoding.WriteString("CERTIFICATE", issued.Der) + "\n");
        Assert.Contains(certFile + ": OK", OpenSsl.Ok(dir.Path, "verify", "-x509_strict", "-CAfile", ca.CertificatePemFile, certFile), StringComparison.Ordinal);
        var text = OpenSsl.Ok(dir.Path, "x509", "-in", certFile, "-noout", "-text");
        foreach (var expected in new[]
        {
            "X509v3 Name Constraints: critical", "Permitted:", "DNS:example.test", "email:.example.test", "email:ops@example.org",
            "Excluded:", "DNS:secret.example.test", "CA:TRUE, pathlen:0",
        })
        {
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}\" in\n{text}");
        }
    }

    [Fact]
    public void A_profile_without_name_constraints_puts_none() =>
        Assert.Null(Profile.Create("subca", ProductProfiles.All["subca"]).NameConstraints);
}
