using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Policy;
using PrivSepSigner.Policy.Spkac;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;

namespace PrivSepSigner.Policy.Tests;

/// <summary>
/// Issue 22 item 1: in a profile that issues subjectAltNames, the commonName and the
/// emailAddress attribute name nothing the SANs do not (CA/B BR 7.1.4.3: the CN is one of
/// the SAN values; RFC 5280 4.1.2.6 / 4.2.1.6: emailAddress is legacy, the rfc822Name counts);
/// they are compared as the SANs are normalised (case-insensitively, DNS lower-cased) and
/// issued in the SAN's form; at most one CN; a profile may make the CN optional.
/// </summary>
public sealed class SubjectSanBindingTests
{
    private static Profile Default(string name) => Profile.Create(name, ProductProfiles.All[name]);

    private static PolicyResult Evaluate(string profile, byte[] der) => ProfilePolicy.Evaluate(Default(profile), CsrInfo.Parse(der));

    private static void AssertNotInSan(PolicyResult result, string attribute) => AssertRefused(result, "SubjectNotInSan", attribute);

    private static void AssertRefused(PolicyResult result, string code, string text)
    {
        var refused = Assert.IsType<PolicyResult.Refused>(result);
        Assert.Equal(code, refused.Code.ToString());
        Assert.Contains(text, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server", "/CN=evil.example.com", "DNS:good.example.org")]
    [InlineData("server", "/CN=Alice Example", "DNS:good.example.org")]
    [InlineData("server-org", "/CN=evil.example.com/O=Example Org/C=DE", "DNS:good.example.org")]
    [InlineData("server", "/CN=192.0.2.99", "IP:192.0.2.1")]
    [InlineData("client", "/CN=mallory@evil.example", "email:alice@example.org")]
    [InlineData("client", "/CN=Alice Example", "email:alice@example.org")]
    [InlineData("client-org", "/CN=evil.example.com", "email:alice@example.org,DNS:alice.example.org")]
    public void A_common_name_that_is_not_one_of_the_sans_is_refused(string profile, string subject, string san) =>
        AssertNotInSan(Evaluate(profile, Csrs.Make("P-256", subject, san)), "CN");

    [Fact]
    public void An_email_address_attribute_that_is_not_an_rfc822_san_is_refused()
    {
        var der = Csrs.Make("P-256", "/CN=alice@example.org/emailAddress=mallory@evil.example", "email:alice@example.org");
        AssertNotInSan(Evaluate("client", der), "emailAddress");
    }

    [Fact]
    public void The_same_over_spkac_where_the_front_end_states_the_names()
    {
        var spkac = SpkacInfo.Parse(Spkacs.P256("challenge"));
        var csr = CsrInfo.FromSpkac(
            spkac,
            [new SubjectAttribute(KnownOids.CommonName, "alice@example.org"), new SubjectAttribute(KnownOids.EmailAddress, "mallory@evil.example")],
            [new SanEntry(SanKind.Email, "alice@example.org")]);
        AssertNotInSan(ProfilePolicy.Evaluate(Default("client"), csr), "emailAddress");

        var cnOnly = CsrInfo.FromSpkac(spkac, [new SubjectAttribute(KnownOids.CommonName, "Mallory")], [new SanEntry(SanKind.Email, "alice@example.org")]);
        AssertNotInSan(ProfilePolicy.Evaluate(Default("client"), cnOnly), "CN");
    }

    [Fact]
    public void Two_common_names_are_refused_even_when_both_are_sans()
    {
        var der = Csrs.Make("P-256", "/CN=www.example.org/CN=example.org", "DNS:www.example.org,DNS:example.org");
        AssertRefused(Evaluate("server", der), nameof(RefusalCode.SubjectAttributeInvalid), "at most one");
    }

    [Fact]
    public void A_common_name_matches_case_insensitively_and_is_issued_as_the_san_is()
    {
        var approved = Assert.IsType<PolicyResult.Approved>(Evaluate("server", Csrs.Make("P-256", "/CN=WWW.Example.ORG", "DNS:www.EXAMPLE.org")));
        Assert.Equal([new SubjectAttribute(KnownOids.CommonName, "www.example.org")], approved.Subject);
        Assert.Equal([new SanEntry(SanKind.Dns, "www.example.org")], approved.Sans);

        var ip = Assert.IsType<PolicyResult.Approved>(Evaluate("server", Csrs.Make("P-256", "/CN=2001:DB8:0:0::1", "IP:2001:db8::1")));
        Assert.Equal([new SubjectAttribute(KnownOids.CommonName, "2001:db8::1")], ip.Subject);

        // The mail domain is case-insensitive (RFC 5280 7.5): lower-cased like a DNS name.
        var mail = Assert.IsType<PolicyResult.Approved>(Evaluate("client", Csrs.Make("P-256", "/CN=alice@Example.ORG/emailAddress=alice@EXAMPLE.org", "email:alice@example.org")));
        Assert.Equal(
            [new SubjectAttribute(KnownOids.CommonName, "alice@example.org"), new SubjectAttribute(KnownOids.EmailAddress, "alice@example.org")],
            mail.Subject);
    }

    [Fact]
    public void A_profile_without_san_types_keeps_a_free_text_common_name()
    {
        var approved = Assert.IsType<PolicyResult.Approved>(Evaluate("subca", Csrs.Make("P-256", "/C=DE/O=Example Org/CN=Example Issuing CA")));
        Assert.Contains(new SubjectAttribute(KnownOids.CommonName, "Example Issuing CA"), approved.Subject);
    }

    [Fact]
    public void The_common_name_is_required_unless_the_profile_says_it_is_optional()
    {
        // client: CN required (the default); server: commonNameOptional (CA/B BR 7.1.4.3 discourages the CN).
        var noCn = Csrs.Make("P-256", "/emailAddress=alice@example.org", "email:alice@example.org");
        AssertRefused(Evaluate("client", noCn), nameof(RefusalCode.SubjectAttributeInvalid), "commonName");

        var server = Assert.IsType<PolicyResult.Approved>(Evaluate("server", Csrs.Make("P-256", "/O=dropped", "DNS:host.example.org")));
        Assert.Empty(server.Subject);

        var optional = Profile.Create("p", ConfigProfiles.FromJson("""
            { "validityDays": 30, "keyUsage": ["digitalSignature"], "subjectAttributes": ["CN", "emailAddress"], "sanTypes": ["email"], "commonNameOptional": true }
            """));
        var approved = Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(optional, CsrInfo.Parse(noCn)));
        Assert.Equal([new SubjectAttribute(KnownOids.EmailAddress, "alice@example.org")], approved.Subject);
    }

    [Fact]
    public void A_request_without_any_common_name_attribute_type_in_the_profile_is_not_asked_for_one()
    {
        var noCnProfile = Profile.Create("p", ConfigProfiles.FromJson("""
            { "validityDays": 30, "keyUsage": ["digitalSignature"], "subjectAttributes": ["O", "C"], "sanTypes": ["dns"] }
            """));
        var der = DotNetCsrs.WithSans(new X500DistinguishedName("CN=ignored"), s => s.AddDnsName("host.example.org"));
        var approved = Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(noCnProfile, CsrInfo.Parse(der)));
        Assert.Empty(approved.Subject);
    }
}
