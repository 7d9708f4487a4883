using PrivSepSigner.TestSupport;
using PrivSepSigner.Policy;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;

namespace PrivSepSigner.Policy.Tests;

/// <summary>
/// Issue 22 item 5: a DNS label that claims to be an A-label (RFC 5890 2.3.2.1, "xn--") is
/// decoded and must be a valid IDNA2008 U-label that encodes back to exactly itself; other
/// "??--" labels are reserved (RFC 5890 2.3.1) and refused.
/// </summary>
public sealed class IdnTests
{
    private static PolicyResult Evaluate(string profile, string san) =>
        ProfilePolicy.Evaluate(Profile.Create(profile, ProductProfiles.All[profile]), CsrInfo.Parse(Csrs.Make("P-256", "/O=x", san)));

    [Theory]
    [InlineData("DNS:xn--zz.example.org")]          // not Punycode
    [InlineData("DNS:xn--ls8h.example.org")]        // U+1F4A9: a symbol, DISALLOWED in IDNA2008 (RFC 5892 2.1)
    [InlineData("DNS:xn--n3h.example.org")]         // U+2603 snowman: DISALLOWED
    [InlineData("DNS:xn--a.example.org")]           // U+0080: a control character
    [InlineData("DNS:xn--abc-.example.org")]        // decodes to ASCII "abc": an A-label must hold non-ASCII
    [InlineData("DNS:xn--bcher-kva-.example.org")]  // does not round-trip
    [InlineData("DNS:xn--.example.org")]            // empty Punycode
    [InlineData("DNS:ab--cd.example.org")]          // reserved LDH label (RFC 5890 2.3.1)
    [InlineData("DNS:xn--mnchen-psa.example.org")]  // "mÜnchen", U+00DC uppercase: changes under case folding (RFC 5892 2.2)
    [InlineData("DNS:xn--kha.example.org")]         // U+017F long s: case-folds to "s" (RFC 5892 2.2)
    [InlineData("DNS:xn--uba.example.org")]         // U+00B7 middle dot: CONTEXTO, refused (RFC 5892 A.3)
    public void A_label_that_is_not_valid_idna2008_is_refused(string san)
    {
        var refused = Assert.IsType<PolicyResult.Refused>(Evaluate("server", san));
        Assert.Equal(RefusalCode.SanInvalid, refused.Code);
    }

    [Fact]
    public void A_mail_domain_is_checked_the_same_way()
    {
        var refused = Assert.IsType<PolicyResult.Refused>(Evaluate("client-org", "email:a@xn--zz.example.org"));
        Assert.Equal(RefusalCode.SanInvalid, refused.Code);
    }

    [Theory]
    [InlineData("DNS:xn--bcher-kva.example.org", "xn--bcher-kva.example.org")]        // bücher
    [InlineData("DNS:XN--Mnchen-3ya.Example.org", "xn--mnchen-3ya.example.org")]      // münchen, any case
    [InlineData("DNS:www.xn--80ak6aa92e.example.org", "www.xn--80ak6aa92e.example.org")] // Cyrillic
    [InlineData("DNS:xn--zca.example.org", "xn--zca.example.org")]                     // ß, PVALID in IDNA2008
    public void A_valid_a_label_is_issued_in_lower_case(string san, string issued)
    {
        var approved = Assert.IsType<PolicyResult.Approved>(Evaluate("server", san));
        Assert.Equal([new SanEntry(SanKind.Dns, issued)], approved.Sans);
    }
}
