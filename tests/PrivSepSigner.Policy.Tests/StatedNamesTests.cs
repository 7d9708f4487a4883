using PrivSepSigner.TestSupport;
using PrivSepSigner.Policy;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;

namespace PrivSepSigner.Policy.Tests;

/// <summary>
/// Issue 16 item 1: names from the request. A CSR under stated names keeps only its key; the
/// stated names are parsed by <see cref="StatedNames"/> (as a SPKAC's are) and the profile policy
/// decides on them exactly as on the same names in a CSR.
/// </summary>
public sealed class StatedNamesTests
{
    private static Profile Server => Profile.Create("server", ProductProfiles.All["server"]);

    private static Profile ServerOrg => Profile.Create("server-org", ProductProfiles.All["server-org"]);

    [Fact]
    public void Only_the_key_of_the_csr_is_kept()
    {
        var csr = CsrInfo.Parse(Csrs.Make("P-256", "/C=DE/O=CSR Org/CN=csr.example.test", "DNS:csr.example.test", "basicConstraints=critical,CA:TRUE"));
        Assert.True(csr.RequestsCa);

        var stated = csr.WithStatedNames(StatedNames.Subject(["CN=www.example.test"]), StatedNames.Sans(["dns:www.example.test"]));

        Assert.Equal(csr.SpkiDer, stated.SpkiDer);
        Assert.Equal(csr.SpkiSha256Hex, stated.SpkiSha256Hex);
        Assert.Equal(csr.KeyKind, stated.KeyKind);
        Assert.Equal([new SubjectAttribute(KnownOids.SubjectAttributes["CN"], "www.example.test")], stated.SubjectAttributes);
        Assert.Equal([new SanEntry(SanKind.Dns, "www.example.test")], stated.Sans);
        Assert.False(stated.RequestsCa);
        Assert.Empty(stated.RequestedExtensionOids);
    }

    /// <summary>The same names, once in the CSR and once stated for another CSR's key, get the same decision.</summary>
    [Theory]
    [InlineData("server", "/CN=www.example.test", "DNS:www.example.test,IP:192.0.2.1", "CN=www.example.test", "dns:www.example.test,ip:192.0.2.1")]
    [InlineData("server", "/CN=www.example.test", "DNS:www.example.test,email:ops@example.test", "CN=www.example.test", "dns:www.example.test,email:ops@example.test")]
    [InlineData("server", "/CN=other.example.test", "DNS:www.example.test", "CN=other.example.test", "dns:www.example.test")]
    [InlineData("server", "/CN=www.example.test/O=Dropped Org", "DNS:www.example.test", "CN=www.example.test,O=Dropped Org", "dns:www.example.test")]
    [InlineData("server-org", "/C=AU/ST=NSW/L=Sydney/O=Example Org/CN=www.example.test", "DNS:www.example.test", "C=AU,ST=NSW,L=Sydney,O=Example Org,CN=www.example.test", "dns:www.example.test")]
    [InlineData("server-org", "/C=AU/O=Example Org/CN=www.example.test", "DNS:www.example.test", "C=AU,O=Example Org,CN=www.example.test", "dns:www.example.test")]
    [InlineData("server", "/CN=www.example.test", "DNS:bad_name.example.test", "CN=www.example.test", "dns:bad_name.example.test")]
    public void Stated_names_get_the_decision_the_same_csr_names_get(string profileName, string csrSubject, string csrSans, string statedSubject, string statedSans)
    {
        var profile = profileName == "server" ? Server : ServerOrg;
        var own = ProfilePolicy.Evaluate(profile, CsrInfo.Parse(Csrs.Make("P-256", csrSubject, csrSans)));
        var stated = ProfilePolicy.Evaluate(profile, CsrInfo.Parse(Csrs.Make("P-256", "/CN=unrelated")).WithStatedNames(
            StatedNames.Subject(statedSubject.Split(',')), StatedNames.Sans(statedSans.Split(','))));

        switch (own)
        {
            case PolicyResult.Approved a:
                var b = Assert.IsType<PolicyResult.Approved>(stated);
                Assert.Equal(a.Subject, b.Subject);
                Assert.Equal(a.Sans, b.Sans);
                break;
            case PolicyResult.Refused a:
                var r = Assert.IsType<PolicyResult.Refused>(stated);
                Assert.Equal(a.Code, r.Code);
                Assert.Equal(a.Message, r.Message);
                break;
            default:
                Assert.Fail($"unexpected result {own}");
                break;
        }
    }

    [Theory]
    [InlineData("CN")]
    [InlineData("=x")]
    [InlineData("UID=alice")]
    public void A_subject_item_that_is_not_a_known_type_is_malformed(string item) =>
        Assert.Throws<CsrException>(() => StatedNames.Subject([item]));

    [Fact]
    public void Sans_are_read_by_san_text()
    {
        Assert.Equal(
            [new SanEntry(SanKind.Dns, "a.example.test"), new SanEntry(SanKind.Email, "b@example.test"), new SanEntry(SanKind.Ip, "192.0.2.1"), new SanEntry(SanKind.XmppAddr, "example.test")],
            StatedNames.Sans(["dns:a.example.test", "email:b@example.test", "ip:192.0.2.1", "otherName:1.3.6.1.5.5.7.8.5;UTF8:example.test"]));
        Assert.Throws<CsrException>(() => StatedNames.Sans(["uri:http://x"]));
    }
}
