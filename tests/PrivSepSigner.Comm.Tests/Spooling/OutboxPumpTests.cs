using PrivSepSigner.Comm.Link;
using PrivSepSigner.Comm.Spooling;
using PrivSepSigner.Comm.Tests.Support;
using PrivSepSigner.Configuration;
using PrivSepSigner.Posix.Accounts;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Doorbells;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Writing;
using Serilog;

namespace PrivSepSigner.Comm.Tests.Spooling;

/// <summary>
/// The outbox pump forwards the signer's answer to the link session that waits for it and
/// acknowledges the entry in spool/ack; an answer that does not match its request is not
/// forwarded as if it did. The test plays the signer: it writes the outbox entry itself.
/// </summary>
public sealed class OutboxPumpTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TestSpoolDir spool = new();

    public void Dispose() => spool.Dispose();

    [Fact]
    public async Task An_outbox_answer_is_forwarded_to_its_session_and_acknowledged()
    {
        var frame = await AnswerAsync("ka-1", new KeepaliveResponse { RequestId = "ka-1", SignerTimeUnixMs = 42, ClockOffsetMs = 0 });

        Assert.Equal(MessageType.KeepaliveResponse, frame.Type);
        var answer = MessageCodec.Deserialize<KeepaliveResponse>(frame.Body);
        Assert.Equal(("ka-1", 42L), (answer.RequestId, answer.SignerTimeUnixMs));
    }

    [Fact]
    public async Task An_answer_for_another_request_id_is_replaced_by_an_error()
    {
        var frame = await AnswerAsync("ka-1", new KeepaliveResponse { RequestId = "ka-other", SignerTimeUnixMs = 42, ClockOffsetMs = 0 });

        Assert.Equal(MessageType.ErrorResponse, frame.Type);
        var error = MessageCodec.Deserialize<ErrorResponse>(frame.Body);
        Assert.Equal(("ka-1", ErrorCode.Internal, "the signer's answer did not match the request"), (error.RequestId, error.Code, error.Message));
    }

    /// <summary>Spools a keepalive, answers it in the outbox as the signer would, returns the frame the front end got; asserts the ack.</summary>
    private async Task<Frame> AnswerAsync(string requestId, KeepaliveResponse response)
    {
        using var link = await SocketPair.OpenAsync();
        var pending = new PendingAnswers();
        using var spooler = new RequestSpooler(spool.Layout, new SpoolLimitsConfig(), pending);
        using var pump = new OutboxPump(spool.Layout, UnixAccount.EffectiveUid, pending, spooler, new LoggerConfiguration().CreateLogger());
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() => spooler.RunAsync(TimeSpan.FromMinutes(1), stop.Token));
        var pumping = Task.Run(() => pump.RunAsync(stop.Token));

        var body = MessageCodec.Serialize(new KeepaliveRequest { RequestId = requestId, FrontEndTimeUnixMs = 1 });
        Assert.Null(await spooler.SubmitAsync(requestId, MessageType.KeepaliveRequest, body, new FrameAnswerChannel(new FrameWriter(link.Server))));
        var entryId = Path.GetFileName(Assert.Single(Directory.GetFileSystemEntries(spool.Layout.Incoming)));

        using (var outbox = new SpoolWriter(spool.Layout.OutboxTmp, spool.Layout.Outbox, SpoolModes.EntryFile, SpoolLimits.MaxAnswerItemBody))
        {
            outbox.Publish(new SpoolEntry(entryId, DateTimeOffset.UtcNow, [new SpoolItem((byte)MessageType.KeepaliveResponse, MessageCodec.Serialize(response))]));
        }

        Doorbell.Ring(spool.Layout.OutboxDoorbell);

        using var timeout = new CancellationTokenSource(Wait);
        var read = await new FrameReader(link.Client).ReadAsync(timeout.Token);
        Assert.True(read.IsFrame, $"no answer frame: {read.Error}");

        var deadline = DateTimeOffset.UtcNow + Wait;
        while (!File.Exists(Path.Combine(spool.Layout.Ack, entryId)) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(File.Exists(Path.Combine(spool.Layout.Ack, entryId)), "the outbox entry was not acknowledged");
        await stop.CancelAsync();
        await Task.WhenAll(writer, pumping);
        return read.Frame!.Value;
    }
}
