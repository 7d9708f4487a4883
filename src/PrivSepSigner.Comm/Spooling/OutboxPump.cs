using PrivSepSigner.Comm.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Doorbells;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Maintenance;
using PrivSepSigner.Spool.Reading;
using PrivSepSigner.Spool.Writing;
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
    private readonly PublishedFileReader crls;
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
        crls = new PublishedFileReader(layout.Crls, signerUid, SpoolModes.EntryFile, ProtocolLimits.MaxChunkedBody);
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
        crls.Dispose();
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
            var published = type == MessageType.PublishedCrlAnswer && waiter.RequestType is MessageType.CrlRequest or MessageType.IssueCrlRequest;
            if ((type != MessageCodec.ResponseTypeFor(waiter.RequestType) && type != MessageType.ErrorResponse && !published) || MessageCodec.PeekRequestId(item.Body) != waiter.RequestId)
            {
                log.Error("answer {Entry} item {Index} does not match its request (type 0x{Type:x2}); refused", entry.Id, i, item.Type);
                SendError(waiter, ErrorCode.Internal, "the signer's answer did not match the request");
                continue;
            }

            if (published)
            {
                SendPublishedCrl(waiter, item.Body);
                continue;
            }

            Send(waiter, type, AnswerBody.Of(item.Body));
        }
    }

    /// <summary>
    /// The signer answered a CRL request with the name of the CRL file it published: open that
    /// file under the hostile-file rules and send the CrlResponse it makes up (in pieces when large).
    /// </summary>
    private void SendPublishedCrl(PendingAnswer waiter, ReadOnlyMemory<byte> body)
    {
        PublishedCrlAnswer notice;
        try
        {
            notice = MessageCodec.Deserialize<PublishedCrlAnswer>(body);
            MessageValidator.Validate(notice);
        }
        catch (ProtocolException e)
        {
            log.Error("the signer's CRL answer to {RequestId} is malformed: {Error}", waiter.RequestId, e.Message);
            SendError(waiter, ErrorCode.Internal, "the signer's answer did not match the request");
            return;
        }

        var file = crls.Open(notice.CrlSha256, out var refused);
        if (file is null)
        {
            log.Error("published CRL {Name} for {RequestId} refused: {Reason}", notice.CrlSha256, waiter.RequestId, refused);
            SendError(waiter, ErrorCode.Unavailable, "the CRL could not be read; resend the request with the same id");
            return;
        }

        AnswerBody crl;
        try
        {
            crl = new CrlFileAnswerBody(notice, file);
        }
        catch (InvalidDataException e)
        {
            file.Dispose();
            log.Error("published CRL {Name} for {RequestId} refused: {Reason}", notice.CrlSha256, waiter.RequestId, e.Message);
            SendError(waiter, ErrorCode.Unavailable, "the CRL could not be read; resend the request with the same id");
            return;
        }

        log.Information("sending CRL {Number} of root {Root} ({Bytes} bytes) to {RequestId}", notice.CrlNumber, notice.Root, notice.CrlLength, waiter.RequestId);
        Send(waiter, MessageType.CrlResponse, crl);
    }

    private void SendError(PendingAnswer waiter, ErrorCode code, string message) =>
        Send(waiter, MessageType.ErrorResponse, AnswerBody.Of(MessageCodec.Serialize(new ErrorResponse { RequestId = waiter.RequestId, Code = code, Message = message })));

    private void ExpireOverdue()
    {
        foreach (var waiter in pending.TakeExpired(DateTimeOffset.UtcNow))
        {
            log.Warning("request {RequestId} not answered in time; told the front end to resend", waiter.RequestId);
            SendError(waiter, ErrorCode.Unavailable, "the signer did not answer in time; the request stays queued: resend later with the same request id");
        }
    }

    private void Send(PendingAnswer waiter, MessageType type, AnswerBody body) =>
        _ = SendCoreAsync(waiter, type, body);

    private async Task SendCoreAsync(PendingAnswer waiter, MessageType type, AnswerBody body)
    {
        using (body)
        {
            try
            {
                await waiter.Reply.SendAsync(waiter.RequestId, type, body, CancellationToken.None);
            }
            catch (InvalidDataException e)
            {
                // Found before anything of it was sent (the hash is checked first): say so instead.
                log.Error("answer to {RequestId} not sent: {Error}", waiter.RequestId, e.Message);
                SendError(waiter, ErrorCode.Internal, $"the answer could not be sent: {e.Message}");
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                log.Information("link closed before answer to {RequestId} could be sent: {Error}", waiter.RequestId, e.Message);
            }
        }
    }
}
