using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Policy;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;
using TestProfiles = PrivSepSigner.TestSupport.DefaultProfiles;

namespace PrivSepSigner.Issuance.Tests;

/// <summary>
/// Every default profile, issued under both CA keys with both subject key types, checked by
/// the real openssl: chain and purpose verification, and the extensions it prints.
/// </summary>
[Collection(CaCollection.Name)]
public sealed class DefaultProfileIssuanceTests
{
    private readonly CaFixture fixture;

    public DefaultProfileIssuanceTests(CaFixture fixture) => this.fixture = fixture;

    public static TheoryData<string, string, string> AllCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var c in TestProfiles.Cases)
        {
            foreach (var ca in new[] { "rsa", "ec" })
            {
                foreach (var subjectKey in new[] { "rsa:2048", "P-256" })
                {
                    data.Add(c.Name, ca, subjectKey);
                }
            }
        }

        return data;
    }

    [Fact]
    public void TheTableCoversAllEightProfiles()
    {
        Assert.Equal(
            ["client", "client-codesign", "client-org", "ocsp", "server", "server-org", "subca", "timestamp"],
            TestProfiles.Cases.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(TestProfiles.Cases.Count, ProductProfiles.All.Count);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void IssuesACertificateOpenSslAccepts(string profileName, string caKind, string subjectKey)
    {
        var expected = TestProfiles.Case(profileName);
        var ca = fixture.Get(caKind);
        var profile = Profile.Create(profileName, ProductProfiles.All[profileName]);
        var csr = CsrInfo.Parse(Csrs.Make(subjectKey, TestProfiles.FullSubject(expected.CommonName), expected.SubjectAltName));
        var approved = Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(profile, csr));

        using var issuer = ca.NewIssuer();
        var now = DateTimeOffset.UtcNow;
        var prepared = issuer.Prepare(profile, csr, approved, SerialNumbers.NewSerial(), now);
        var issued = issuer.Issue(prepared);

        using var dir = new TempDir();
        var certFile = dir.File("cert.pem");
        File.WriteAllText(certFile, PemEncoding.WriteString("CERTIFICATE", issued.Der) + "\n");

        foreach (var purpose in expected.Purposes.DefaultIfEmpty())
        {
            string[] args = purpose is null
                ? ["verify", "-x509_strict", "-CAfile", ca.CertificatePemFile, certFile]
                : ["verify", "-x509_strict", "-CAfile", ca.CertificatePemFile, "-purpose", purpose, certFile];
            Assert.Contains(certFile + ": OK", OpenSsl.Ok(dir.Path, args), StringComparison.Ordinal);
        }

        var text = OpenSsl.Ok(dir.Path, "x509", "-in", certFile, "-noout", "-text");
        foreach (var s in expected.MustContain)
        {
            Assert.True(text.Contains(s, StringComparison.Ordinal), $"{profileName}: expected \"{s}\" in\n{text}");
        }

        foreach (var s in expected.MustNotContain)
        {
            Assert.False(text.Contains(s, StringComparison.Ordinal), $"{profileName}: did not expect \"{s}\" in\n{text}");
        }

        // RFC 5480 3: an EC subject key never gets keyEncipherment, even when the profile lists it.
        if (subjectKey.StartsWith('P'))
        {
            Assert.DoesNotContain("Key Encipherment", text, StringComparison.Ordinal);
        }
        else if (profile.KeyUsage.HasFlag(KeyUsageFlags.KeyEncipherment))
        {
            Assert.Contains("Key Encipherment", text, StringComparison.Ordinal);
        }

        // Disallowed subject attributes were dropped; the rest kept in CSR order.
        var subject = OpenSsl.Ok(dir.Path, "x509", "-in", certFile, "-noout", "-subject", "-nameopt", "RFC2253").Trim();
        Assert.Equal("subject=" + expected.ExpectedSubject, subject);
        Assert.Equal(expected.ExpectedSubject, issued.SubjectDn);

        var serial = OpenSsl.Ok(dir.Path, "x509", "-in", certFile, "-noout", "-serial").Trim();
        Assert.Equal(
            BigInteger.Parse("0" + serial["serial=".Length..], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            BigInteger.Parse("0" + issued.SerialHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.Equal(issued.SerialHex.ToLowerInvariant(), issued.SerialHex);
        Assert.False(issued.SerialHex.StartsWith('0'));

        // RFC 5280 4.1.2.5: backdated 5 minutes; never outlives the CA.
        var whole = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        Assert.Equal(whole.AddMinutes(-5), issued.NotBefore);
        var wanted = whole.AddDays(profile.ValidityDays);
        Assert.Equal(wanted < ca.NotAfter ? wanted : ca.NotAfter, issued.NotAfter);
        Assert.Equal(csr.SpkiSha256Hex, issued.SpkiSha256Hex);
    }
}
