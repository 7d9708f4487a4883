using PrivSepSigner.Comm.Link;
using PrivSepSigner.Comm.Spooling;
using PrivSepSigner.Comm.Tests.Support;
using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Doorbells;
using PrivSepSigner.Spool.Reading;

namespace PrivSepSigner.Comm.Tests.Spooling;

/// <summary>
/// The spooler admits a screened request into spool/incoming in one atomic publish (nothing
/// left in incoming.tmp, a complete entry or none), rings the signer's doorbell, and answers
/// "retry later" past the quota instead of dropping anything.
/// </summary>
public sealed class RequestSpoolerTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TestSpoolDir spool = new();

    public void Dispose() => spool.Dispose();

    [Fact]
    public async Task A_spooled_request_appears_whole_in_incoming_and_the_doorbell_rings()
    {
        using var doorbell = new DoorbellListener(spool.Layout.IncomingDoorbell);
        using var link = await SocketPair.OpenAsync();
        using var spooler = new RequestSpooler(spool.Layout, new SpoolLimitsConfig(), new PendingAnswers());
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() => spooler.RunAsync(TimeSpan.FromMinutes(1), stop.Token));
        var rung = doorbell.WaitForRingAsync(Wait, CancellationToken.None);
        var body = MessageCodec.Serialize(new KeepaliveRequest { RequestId = "ka-1", FrontEndTimeUnixMs = 1 });

        var refused = await spooler.SubmitAsync("ka-1", MessageType.KeepaliveRequest, body, new FrameAnswerChannel(new FrameWriter(link.Server)));

        Assert.Null(refused);
        Assert.True(await rung, "the incoming doorbell was not rung");
        Assert.Empty(Directory.GetFileSystemEntries(spool.Layout.IncomingTmp));
        using var reader = spool.Reader(spool.Layout.Incoming);
        var name = Assert.Single(reader.List());
        var entry = Assert.IsType<SpoolReadResult.Ok>(reader.Read(name)).Entry;
        var item = Assert.Single(entry.Items);
        Assert.Equal((byte)MessageType.KeepaliveRequest, item.Type);
        Assert.Equal(body, item.Body.ToArray());
        await stop.CancelAsync();
        await writer;
    }

    [Fact]
    public async Task Past_the_quota_a_request_is_told_to_retry_later_and_nothing_is_spooled()
    {
        using var link = await SocketPair.OpenAsync();
        using var spooler = new RequestSpooler(spool.Layout, new SpoolLimitsConfig { MaxPendingEntries = 1 }, new PendingAnswers());
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() => spooler.RunAsync(TimeSpan.FromMinutes(1), stop.Token));
        var reply = new FrameAnswerChannel(new FrameWriter(link.Server));

        Assert.Null(await spooler.SubmitAsync("ka-1", MessageType.KeepaliveRequest, MessageCodec.Serialize(new KeepaliveRequest { RequestId = "ka-1", FrontEndTimeUnixMs = 1 }), reply));
        var refused = await spooler.SubmitAsync("ka-2", MessageType.KeepaliveRequest, MessageCodec.Serialize(new KeepaliveRequest { RequestId = "ka-2", FrontEndTimeUnixMs = 1 }), reply);

        Assert.NotNull(refused);
        Assert.Equal(("ka-2", ErrorCode.RetryLater, "spool quota reached; resend later with the same request id"), (refused.RequestId, refused.Code, refused.Message));
        Assert.Single(Directory.GetFileSystemEntries(spool.Layout.Incoming));
        await stop.CancelAsync();
        await writer;
    }
}
