using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
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

    [Fact]
    public void A_handler_for_another_class_than_its_row_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new DispatchTable([new KeepaliveClassForRevocations()], Logger.None));
        Assert.Contains("takes a KeepaliveRequest, but RevokeRequest carries a RevokeRequest", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_row_reads_and_checks_the_body_before_the_handler_sees_it()
    {
        var handler = new CountingKeepaliveHandler();
        var table = new DispatchTable([handler], Logger.None);
        var now = DateTimeOffset.UtcNow;

        // Not MessagePack at all, then a well-formed keepalive whose request id breaks the syntax rules.
        var garbage = table.Dispatch((byte)MessageType.KeepaliveRequest, new byte[] { 0xC1, 0xC1 }, "bad-1", new Batch(now), now);
        var badId = table.Dispatch((byte)MessageType.KeepaliveRequest, MessageCodec.Serialize(new KeepaliveRequest { RequestId = "bad id\n", FrontEndTimeUnixMs = 1 }), "bad id", new Batch(now), now);
        var good = table.Dispatch((byte)MessageType.KeepaliveRequest, MessageCodec.Serialize(new KeepaliveRequest { RequestId = "good-1", FrontEndTimeUnixMs = 1 }), "good-1", new Batch(now), now);

        Assert.Equal(MessageType.ErrorResponse, garbage.Answer.Type);
        Assert.Equal(MessageType.ErrorResponse, badId.Answer.Type);
        Assert.Equal(MessageType.KeepaliveResponse, good.Answer.Type);
        Assert.Equal(1, handler.Calls);

        // Refused as bad input (ProtocolException), not as a handler fault that sets the entry aside.
        Assert.Null(garbage.Fault);
        Assert.Null(badId.Fault);
    }

    /// <summary>Claims revocations but takes keepalives: a table built with it would hand it the wrong class.</summary>
    private sealed class KeepaliveClassForRevocations : RequestHandler<KeepaliveRequest>
    {
        public override MessageType RequestType => MessageType.RevokeRequest;

        protected override Answer Handle(KeepaliveRequest request, Batch batch, DateTimeOffset received) => throw new InvalidOperationException("never called");
    }

    private sealed class CountingKeepaliveHandler : RequestHandler<KeepaliveRequest>
    {
        public int Calls { get; private set; }

        public override MessageType RequestType => MessageType.KeepaliveRequest;

        protected override Answer Handle(KeepaliveRequest request, Batch batch, DateTimeOffset received)
        {
            Calls++;
            return new Answer(MessageType.KeepaliveResponse, MessageCodec.Serialize(new KeepaliveResponse { RequestId = request.RequestId, SignerTimeUnixMs = 1, ClockOffsetMs = 0 }));
        }
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
