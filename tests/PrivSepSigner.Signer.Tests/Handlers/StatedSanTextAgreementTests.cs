using PrivSepSigner.Policy;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Signer.Tests.Handlers;

/// <summary>
/// The comm side writes and checks stated SANs with Protocol's <see cref="StatedSanText"/>; the
/// signer parses them with Policy's <see cref="SanText"/> (the layers may not reference each
/// other). Every kind the one writes, the other reads; anything else both refuse.
/// </summary>
public sealed class StatedSanTextAgreementTests
{
    [Theory]
    [InlineData(StatedSanText.Dns, "www.example.org", SanKind.Dns)]
    [InlineData(StatedSanText.Email, "alice@example.org", SanKind.Email)]
    [InlineData(StatedSanText.Ip, "192.0.2.1", SanKind.Ip)]
    [InlineData(StatedSanText.OtherName, "1.3.6.1.5.5.7.8.5;UTF8:xmpp.example.org", SanKind.XmppAddr)]
    public void What_the_comm_side_writes_the_signer_reads(string kind, string value, SanKind parsed)
    {
        var item = StatedSanText.Format(kind, value);

        Assert.True(StatedSanText.HasKnownKind(item));
        Assert.Equal(parsed, SanText.Parse(item).Kind);
    }

    [Theory]
    [InlineData("uri:https://example.org/")]
    [InlineData("DNS:www.example.org")]
    [InlineData("dns\n:x")]
    [InlineData("dns")]
    public void What_the_comm_side_refuses_the_signer_refuses(string item)
    {
        Assert.False(StatedSanText.HasKnownKind(item));
        Assert.Throws<CsrException>(() => SanText.Parse(item));
    }
}
