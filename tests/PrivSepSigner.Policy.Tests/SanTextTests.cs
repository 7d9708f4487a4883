using PrivSepSigner.Policy;

namespace PrivSepSigner.Policy.Tests;

/// <summary>The one reader of SAN text (a SignSpkacRequest's sans): the forms it reads and the ones it refuses.</summary>
public sealed class SanTextTests
{
    [Theory]
    [InlineData("dns:www.example.org", SanKind.Dns, "www.example.org")]
    [InlineData("email:alice@example.org", SanKind.Email, "alice@example.org")]
    [InlineData("ip:2001:DB8:0::1", SanKind.Ip, "2001:db8::1")]
    [InlineData("ip:192.0.2.1", SanKind.Ip, "192.0.2.1")]
    [InlineData("otherName:1.3.6.1.5.5.7.8.5;UTF8:xmpp.example.org", SanKind.XmppAddr, "xmpp.example.org")]
    public void Reads_each_form(string text, SanKind kind, string value) =>
        Assert.Equal(new SanEntry(kind, value), SanText.Parse(text));

    [Theory]
    [InlineData("uri:https://example.org/", "not dns:")]
    [InlineData("ip:not-an-address", "not dns:")]
    [InlineData("DNS:www.example.org", "not dns:")]
    [InlineData("otherName:1.3.6.1.4.1.311.20.2.3;UTF8:user@example.org", "not supported")]
    [InlineData("otherName:1.3.6.1.5.5.7.8.5;IA5:xmpp.example.org", "UTF8:DOMAIN")]
    [InlineData("otherName:1.3.6.1.5.5.7.8.5", "UTF8:DOMAIN")]
    [InlineData("dns\n:x", "not dns:")]
    public void Refuses_anything_else_saying_what_is_read(string text, string message)
    {
        var e = Assert.Throws<CsrException>(() => SanText.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
    }
}
