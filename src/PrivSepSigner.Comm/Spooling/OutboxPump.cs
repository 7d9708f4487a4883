using PrivSepSigner.Protocol;
using PrivSepSigner.Spool;
using Serilog;

namespace PrivSepSigner.Comm.Spooling;

/// <summary>
/// Forwards the signer's answers from spool/outbox to the waiting link sessions, then
/// acknowledges each entry in spool/ack so the signer can delete it (this process may
/// not write the outbox). Outbox entries are read with the hostile-entry rules: an entry
/// that is not a regular, singly-linked, signer-owned file of the right mode and format
/// is never forwarded. Writes to the link are not awaited here, so a stalled link never
/// stalls the pump or, through it, the signer.
/// </summary>
internal sealed class OutboxPump : IDisposable
{
    private static readonly TimeSpan RescanInterval = TimeSpan.FromMilliseconds(200);

    private readonly SpoolLayout layout;
    private readonly PendingAnswers pending;
    private readonly RequestSpooler spooler;
    private readonly ILogger log;
    private readonly SpoolReader reader;
    private readonly SpoolWriter ackWriter;
    private readonly DoorbellListener doorbell;
    private readonly HashSet<string> handled = new(StringComparer.Ordinal);

    public OutboxPump(SpoolLayout layout, uint signerUid, PendingAnswers pending, RequestSpooler spooler, ILogger log)
    {
        this.layout = layout;
        this.pending = pending;
        this.spooler = spooler;
        this.log = log;
        reader = new SpoolReader(layout.Outbox, null, new SpoolReaderOptions { ExpectedOwnerUid = signerUid, ExpectedMode = SpoolModes.EntryFile, MaxItemBody = SpoolLimits.MaxAnswerItemBody });
        ackWriter = new SpoolWriter(layout.AckTmp, layout.Ack, SpoolModes.EntryFile);
        doorbell = new DoorbellListener(layout.OutboxDoorbell);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        // The only writer of incoming.tmp and ack.tmp: leftovers of a dead predecessor go now,
        // and anything that ever lingers (a write interrupted by a full disk) goes after a minute.
        Reap(TimeSpan.Zero);
        var nextRefresh = DateTimeOffset.UtcNow;
        var nextReap = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await doorbell.WaitAsync(RescanInterval, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            PumpOnce();
            ExpireOverdue();
            if (DateTimeOffset.UtcNow >= nextRefresh)
            {
                spooler.RefreshUsage();
                nextRefresh = DateTimeOffset.UtcNow.AddSeconds(1);
            }

            if (DateTimeOffset.UtcNow >= nextReap)
            {
                Reap(TimeSpan.FromMinutes(1));
                nextReap = DateTimeOffset.UtcNow.AddSeconds(30);
            }
        }
    }

    public void Dispose()
    {
        doorbell.Dispose();
        ackWriter.Dispose();
        reader.Dispose();
    }

    private void Reap(TimeSpan olderThan)
    {
        try
        {
            var n = SpoolReaper.ReapStale(layout.IncomingTmp, olderThan) + SpoolReaper.ReapStale(layout.AckTmp, olderThan);
            if (n > 0)
            {
                log.Information("removed {Count} stale temporary spool files", n);
            }
        }
        catch (IOException e)
        {
            log.Warning("reaping temporary spool files failed: {Error}", e.Message);
        }
    }

    private void PumpOnce()
    {
        var names = reader.List();
        var acks = new List<SpoolEntry>();
        foreach (var name in names)
        {
            if (handled.Contains(name))
            {
                continue;
            }

            handled.Add(name);
            switch (reader.Read(name))
            {
                case SpoolReadResult.Ok ok:
                    Forward(ok.Entry);

                    acks.Add(new SpoolEntry(name, DateTimeOffset.UtcNow, []));
                    break;
                case SpoolReadResult.Rejected rejected:
                    spooler.Answered(name);
                    log.Error("outbox entry {Name} rejected, not forwarded: {Reason}", name, rejected.Reason);
                    if (SpoolNames.IsValid(name))
                    {
                        acks.Add(new SpoolEntry(name, DateTimeOffset.UtcNow, []));
                    }

                    break;
            }
        }

        if (acks.Count > 0)
        {
            // Answers mean the signer consumed entries: re-read the real depth for the quota now.
            spooler.RefreshUsage();
            try
            {
                ackWriter.PublishBatch(acks);
                Doorbell.Ring(layout.IncomingDoorbell);
            }
            catch (IOException e)
            {
                // Not acknowledged: the signer's outbox reaper removes the entries later.
                log.Warning("could not acknowledge {Count} outbox entries: {Error}", acks.Count, e.Message);
            }
        }

        handled.IntersectWith(names);
    }

    /// <summary>Sends each answer of an outbox entry to the session waiting for the request at the same position.</summary>
    private void Forward(SpoolEntry entry)
    {
        spooler.Answered(entry.Id);
        var waiters = pending.Take(entry.Id);
        if (waiters is null)
        {
            log.Information("answer {Entry} has no waiting session (timed out or link closed); the front end may resend", entry.Id);
            return;
        }

        if (entry.Items.Count == 0)
        {
            // The signer's sign that it set the entry aside after repeated failures (docs/spool-format.md).
            log.Warning("the signer set aside entry {Entry}; its {Count} requests are answered with an error", entry.Id, waiters.Count);
            foreach (var waiter in waiters)
            {
                SendError(waiter, ErrorCode.Internal, "the signer could not process this request and set it aside for the operator after repeated failures (see its log); resending it unchanged will not help");
            }

            return;
        }

        for (var i = 0; i < waiters.Count; i++)
        {
            var waiter = waiters[i];
            if (i >= entry.Items.Count)
            {
                log.Error("answer {Entry} lacks an answer for request {RequestId}", entry.Id, waiter.RequestId);
                SendError(waiter, ErrorCode.Internal, "the signer's answer did not cover this request");
                continue;
            }

            var item = entry.Items[i];
            var type = (MessageType)item.Type;
            if ((type != MessageCodec.ResponseTypeFor(waiter.RequestType) && type != MessageType.ErrorResponse) || MessageCodec.PeekRequestId(item.Body) != waiter.RequestId)
            {
                log.Error("answer {Entry} item {Index} does not match its request (type 0x{Type:x2}); refused", entry.Id, i, item.Type);
                SendError(waiter, ErrorCode.Internal, "the signer's answer did not match the request");
                continue;
            }

            Send(waiter, type, item.Body);
        }
    }

    private void SendError(PendingAnswer waiter, ErrorCode code, string message) =>
        Send(waiter, MessageType.ErrorResponse, MessageCodec.Serialize(new ErrorResponse { RequestId = waiter.RequestId, Code = code, Message = message }));

    private void ExpireOverdue()
    {
        foreach (var waiter in pending.TakeExpired(DateTimeOffset.UtcNow))
        {
            log.Warning("request {RequestId} not answered in time; told the front end to resend", waiter.RequestId);
            SendError(waiter, ErrorCode.Unavailable, "the signer did not answer in time; the request stays queued: resend later with the same request id");
        }
    }

    private void Send(PendingAnswer waiter, MessageType type, ReadOnlyMemory<byte> body) =>
        _ = SendCoreAsync(waiter, type, body);

    private async Task SendCoreAsync(PendingAnswer waiter, MessageType type, ReadOnlyMemory<byte> body)
    {
        try
        {
            await waiter.Reply.SendAsync(type, body, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            log.Information("link closed before answer to {RequestId} could be sent: {Error}", waiter.RequestId, e.Message);
        }
    }
}
