using System.Formats.Asn1;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Issuance;
using PrivSepSigner.Policy;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;

namespace PrivSepSigner.Policy.Tests;

/// <summary>
/// Issue 16 item 2: XmppAddr (id-on-xmppAddr, RFC 6120 13.7.1.4) is an otherName SAN type a
/// profile may allow ("xmpp"): read from a CSR's otherName, checked as a DNS name the profile
/// would accept, issued as otherName { 1.3.6.1.5.5.7.8.5, [0] EXPLICIT UTF8String } and
/// printed by openssl as "othername: XmppAddr::".
/// </summary>
[Collection(CaCollection.Name)]
public sealed class XmppAddrTests
{
    private const string XmppSan = "DNS:example.org,otherName:1.3.6.1.5.5.7.8.5;UTF8:Example.org";

    private readonly CaFixture fixture;

    public XmppAddrTests(CaFixture fixture) => this.fixture = fixture;

    private static Profile Xmpp => Profile.Create("xmpp-server", ProductProfiles.All["server"] with { SanTypes = ["dns", "xmpp"] });

    [Fact]
    public void The_default_server_profile_refuses_an_xmpp_addr()
    {
        var result = ProfilePolicy.Evaluate(Profile.Create("server", ProductProfiles.All["server"]), CsrInfo.Parse(Csrs.Make("P-256", "/CN=example.org", XmppSan)));
        Assert.Equal(RefusalCode.SanTypeNotAllowed, Assert.IsType<PolicyResult.Refused>(result).Code);
    }

    [Theory]
    [InlineData("otherName:1.3.6.1.5.5.7.8.5;UTF8:not a domain")]
    [InlineData("otherName:1.3.6.1.5.5.7.8.5;UTF8:xn--zz.example.org")]
    [InlineData("otherName:1.3.6.1.5.5.7.8.5;UTF8:*.example.org")]
    public void An_xmpp_addr_that_is_not_a_dns_name_the_profile_accepts_is_refused(string san)
    {
        var result = ProfilePolicy.Evaluate(Xmpp, CsrInfo.Parse(Csrs.Make("P-256", "/CN=example.org", "DNS:example.org," + san)));
        Assert.Equal(RefusalCode.SanInvalid, Assert.IsType<PolicyResult.Refused>(result).Code);
    }

    [Fact]
    public void An_xmpp_addr_of_another_string_type_is_not_an_xmpp_addr()
    {
        var result = ProfilePolicy.Evaluate(Xmpp, CsrInfo.Parse(Csrs.Make("P-256", "/CN=example.org", "DNS:example.org,otherName:1.3.6.1.5.5.7.8.5;IA5:example.org")));
        var refused = Assert.IsType<PolicyResult.Refused>(result);
        Assert.Equal(RefusalCode.SanTypeNotAllowed, refused.Code);
        Assert.Contains("not a UTF8String", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_xmpp_addr_is_issued_as_rfc6120_says_and_openssl_accepts_it()
    {
        var csr = CsrInfo.Parse(Csrs.Make("P-256", "/CN=example.org", XmppSan));
        var approved = Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(Xmpp, csr));
        Assert.Equal(2, approved.Sans.Count);
        Assert.Equal("XmppAddr", approved.Sans[1].Kind.ToString());
        Assert.Equal("example.org", approved.Sans[1].Value);

        using var issuer = fixture.Ec.NewIssuer();
        var issued = issuer.Issue(issuer.Prepare(Xmpp, csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));
        using var dir = new TempDir();
        File.WriteAllText(dir.File("cert.pem"), System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", issued.Der) + "\n");
        var text = OpenSsl.Ok(dir.Path, "x509", "-in", dir.File("cert.pem"), "-noout", "-text");
        Assert.Contains("DNS:example.org, othername: XmppAddr::example.org", text, StringComparison.Ordinal);
        Assert.Contains(": OK", OpenSsl.Ok(dir.Path, "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", fixture.Ec.CertificatePemFile, dir.File("cert.pem")), StringComparison.Ordinal);

        // RFC 6120 13.7.1.4: otherName [0] { type-id, [0] EXPLICIT UTF8String }.
        using var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(issued.Der);
        var names = new AsnReader(cert.Extensions["2.5.29.17"]!.RawData, AsnEncodingRules.DER).ReadSequence();
        _ = names.ReadEncodedValue(); // dNSName
        var other = names.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        Assert.Equal("1.3.6.1.5.5.7.8.5", other.ReadObjectIdentifier());
        var value = other.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        Assert.Equal("example.org", value.ReadCharacterString(UniversalTagNumber.UTF8String));
        value.ThrowIfNotEmpty();
        other.ThrowIfNotEmpty();
        Assert.False(names.HasData);
    }
}
