using PrivSepSigner.Protocol;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Tests.TestSupport;
using Serilog.Core;

namespace PrivSepSigner.Signer.Tests.Processing;

/// <summary>The signer's dispatch table is the request catalog's rows with a handler each: no row left out, none answered twice.</summary>
public sealed class DispatchTableTests
{
    [Fact]
    public void The_signers_table_refuses_to_start_without_a_handler_for_every_row()
    {
        var e = Assert.Throws<InvalidOperationException>(() => DispatchTable.ForEveryRequest([new FaultyKeepaliveHandler(), new PoisonRevokeHandler()], Logger.None));

        Assert.Contains("no handler for", e.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(MessageType.SignX509Request), e.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(MessageType.ClockStatusRequest), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(MessageType.KeepaliveRequest), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_handlers_for_one_row_are_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new DispatchTable([new PoisonRevokeHandler(), new RecordingIssueHandler()], Logger.None));
        Assert.Contains("both answer RevokeRequest", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MessageType.SignX509Request, true)]
    [InlineData(MessageType.SignSpkacRequest, true)]
    [InlineData(MessageType.SignX509WithNamesRequest, true)]
    [InlineData(MessageType.RevokeRequest, false)]
    [InlineData(MessageType.StatusRequest, false)]
    [InlineData(MessageType.SignX509Response, false)]
    [InlineData((MessageType)0x7F, false)]
    public void Only_signing_may_overlap_the_commit_before_it(MessageType type, bool overlaps) =>
        Assert.Equal(overlaps, DispatchTable.MayOverlapCommit((byte)type));
}
