using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Configuration;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Policy;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;

namespace PrivSepSigner.Policy.Tests;

public sealed class ProfilePolicyTests
{
    private static Profile Default(string name) => Profile.Create(name, ProductProfiles.All[name]);

    private static PolicyResult.Refused Refused(Profile profile, byte[] der)
    {
        var result = ProfilePolicy.Evaluate(profile, CsrInfo.Parse(der));
        return Assert.IsType<PolicyResult.Refused>(result);
    }

    private static PolicyResult.Approved Approved(Profile profile, byte[] der) =>
        Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(profile, CsrInfo.Parse(der)));

    [Fact]
    public void Rsa1024IsTooSmall()
    {
        var r = Refused(Default("server"), Csrs.Make("rsa:1024", "/CN=small", "DNS:small.example.org"));
        Assert.Equal(RefusalCode.KeyTooSmall, r.Code);
        Assert.Contains("1024", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rsa4096IsTooLargeForA2048Profile()
    {
        var profile = Profile.Create("tight", ProductProfiles.All["server"] with { RsaMaxBits = 2048 });
        var der = Csrs.Make("rsa:4096", "/CN=big.example.org", "DNS:big.example.org");
        Assert.Equal(RefusalCode.KeyTooLarge, Refused(profile, der).Code);
        Assert.Equal(4096, CsrInfo.Parse(der).RsaBits);
        _ = Approved(Default("server"), der); // the default profile takes it
    }

    [Fact]
    public void CurveOutsideTheProfileIsRefused()
    {
        var profile = Profile.Create("p256only", ProductProfiles.All["server"] with { Curves = ["P-256"] });
        var der = Csrs.Make("P-384", "/CN=ec", "DNS:ec.example.org");
        Assert.Equal(RefusalCode.CurveNotAllowed, Refused(profile, der).Code);

        var noEc = Profile.Create("rsaonly", ProductProfiles.All["server"] with { Curves = [] });
        Assert.Equal(RefusalCode.KeyTypeNotAllowed, Refused(noEc, der).Code);
    }

    [Fact]
    public void CaRequestUnderClientProfileIsRefusedNotDropped()
    {
        var der = Csrs.Make("P-256", "/CN=sneaky/emailAddress=a@example.org", null, "basicConstraints=critical,CA:TRUE");
        Assert.Equal(RefusalCode.CaNotAllowed, Refused(Default("client"), der).Code);
        _ = Approved(Default("subca"), der);
    }

    [Fact]
    public void ServerWithoutSanIsRefused()
    {
        var r = Refused(Default("server"), Csrs.Make("P-256", "/CN=www.example.org"));
        Assert.Equal(RefusalCode.SanRequired, r.Code);
    }

    [Theory]
    [InlineData("server", "email:a@example.org")]
    [InlineData("client", "DNS:www.example.org")]
    [InlineData("server", "URI:https://www.example.org/")]
    [InlineData("ocsp", "DNS:ocsp.example.org")]
    public void SanTypeOutsideProfileIsRefused(string profile, string san)
    {
        Assert.Equal(RefusalCode.SanTypeNotAllowed, Refused(Default(profile), Csrs.Make("P-256", "/CN=x", san)).Code);
    }

    [Theory]
    [InlineData("DNS:*.example.org")]
    [InlineData("DNS:-bad.example.org")]
    [InlineData("DNS:bad-.example.org")]
    [InlineData("DNS:under_score.example.org")]
    [InlineData("DNS:example.org.")]
    [InlineData("DNS:a..example.org")]
    [InlineData("DNS:1.2.3.4")]
    [InlineData("DNS:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.org")]
    public void MalformedDnsNameIsRefused(string san)
    {
        Assert.Equal(RefusalCode.SanInvalid, Refused(Default("server"), Csrs.Make("P-256", "/CN=x", san)).Code);
    }

    [Theory]
    [InlineData("email:no-at-sign")]
    [InlineData("email:@example.org")]
    [InlineData("email:a@b@example.org")]
    [InlineData("email:a..b@example.org")]
    [InlineData("email:a@-example.org")]
    public void MalformedEmailIsRefused(string san)
    {
        Assert.Equal(RefusalCode.SanInvalid, Refused(Default("client"), Csrs.Make("P-256", "/CN=x", san)).Code);
    }

    [Fact]
    public void IpAddressOfWrongLengthIsRefused()
    {
        // openssl cannot write a 5-octet iPAddress; build the GeneralNames by hand.
        var der = DotNetCsrs.Make(DotNetCsrs.Cn("x"), r =>
            r.CertificateExtensions.Add(new X509Extension("2.5.29.17", Convert.FromHexString("3007870501020304 05".Replace(" ", "", StringComparison.Ordinal)), false)));
        var csr = CsrInfo.Parse(der);
        Assert.Equal(SanKind.Ip, Assert.Single(csr.Sans).Kind);
        Assert.Equal(RefusalCode.SanInvalid, Assert.IsType<PolicyResult.Refused>(ProfilePolicy.Evaluate(Default("server"), csr)).Code);
    }

    [Fact]
    public void DisallowedSubjectAttributesAreDroppedAndOrderKept()
    {
        var der = Csrs.Make("P-256", "/C=DE/ST=Berlin/O=Org/OU=Unit/CN=host.example.org/emailAddress=a@example.org", "DNS:host.example.org");
        var approved = Approved(Default("server"), der);
        Assert.Equal([new SubjectAttribute(KnownOids.CommonName, "host.example.org")], approved.Subject);

        var org = Approved(Default("server-org"), der);
        Assert.Equal(
            [KnownOids.Country, KnownOids.State, KnownOids.Organization, KnownOids.OrganizationalUnit, KnownOids.CommonName],
            org.Subject.Select(a => a.Oid));
    }

    [Fact]
    public void DnsNamesAreLowercasedAndDeduplicated()
    {
        var approved = Approved(Default("server"), Csrs.Make("P-256", "/O=x", "DNS:WWW.Example.org,DNS:www.example.org,IP:2001:DB8:0:0::1"));
        Assert.Equal([new SanEntry(SanKind.Dns, "www.example.org"), new SanEntry(SanKind.Ip, "2001:db8::1")], approved.Sans);
    }

    public static TheoryData<string, string> BadAttributes() => new()
    {
        { KnownOids.CommonName, new string('a', 65) },
        { KnownOids.Organization, new string('o', 65) },
        { KnownOids.OrganizationalUnit, new string('u', 65) },
        { KnownOids.Locality, new string('l', 129) },
        { KnownOids.State, new string('s', 129) },
        { KnownOids.Country, "DEU" },
        { KnownOids.Country, "D1" },
        { KnownOids.EmailAddress, "not-an-address" },
        { KnownOids.CommonName, "tab\there" },
        { KnownOids.CommonName, "bell\u0007" },
        { KnownOids.CommonName, "evil\u202Egro.elpmaxe" },
    };

    [Theory]
    [MemberData(nameof(BadAttributes))]
    public void BadSubjectValueIsRefused(string oid, string value)
    {
        var b = new X500DistinguishedNameBuilder();
        b.Add(oid, value, oid == KnownOids.Country ? System.Formats.Asn1.UniversalTagNumber.UTF8String : null);
        var der = DotNetCsrs.WithSans(b.Build(), s => s.AddEmailAddress("a@example.org"));
        var r = Refused(Default("client-org"), der);
        Assert.Equal(RefusalCode.SubjectAttributeInvalid, r.Code);
    }

    [Fact]
    public void LongestAllowedValuesPass()
    {
        // A CN of 64 characters that is also the (64-character local part) mail SAN.
        var local = new string('a', 64);
        var b = new X500DistinguishedNameBuilder();
        b.AddCommonName(local[..52] + "@example.org");
        b.AddLocalityName(new string('l', 128));
        b.AddCountryOrRegion("DE");
        var approved = Approved(Default("client-org"), DotNetCsrs.WithSans(b.Build(), s => s.AddEmailAddress(local[..52] + "@example.org")));
        Assert.Equal(3, approved.Subject.Count);
    }

    [Fact]
    public void EmptySubjectWithoutSanIsRefused()
    {
        // The client profile keeps CN and emailAddress only; this subject has neither.
        var r = Refused(Default("client"), Csrs.Make("P-256", "/O=Org/OU=Unit"));
        Assert.Equal(RefusalCode.SubjectEmpty, r.Code);
    }

    [Fact]
    public void EmptySubjectWithSanIsApproved()
    {
        var approved = Approved(Default("server"), Csrs.Make("P-256", "/O=Org", "DNS:host.example.org"));
        Assert.Empty(approved.Subject);
        Assert.Single(approved.Sans);
    }

    [Fact]
    public void EncipherOnlyProfileRefusesEcKeys()
    {
        var profile = Profile.Create("enc", new ProfileConfig { ValidityDays = 10, KeyUsage = ["keyEncipherment"], SubjectAttributes = ["CN"] });
        Assert.Equal(RefusalCode.KeyTypeNotAllowed, Refused(profile, Csrs.Make("P-256", "/CN=x")).Code);
    }
}
