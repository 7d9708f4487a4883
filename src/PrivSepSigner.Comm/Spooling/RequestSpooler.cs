using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;
using PrivSepSigner.Spool;

namespace PrivSepSigner.Comm.Spooling;

/// <summary>
/// Admits screened requests into spool/incoming under the quota and rings the doorbell.
/// The quota is counted from the directory itself (refreshed by the outbox pump) plus
/// what this process spooled since, so a restart or a stalled signer cannot make it drift
/// open: past the limit the front end is told to retry later, nothing is dropped silently.
/// </summary>
internal sealed class RequestSpooler : IDisposable
{
    private readonly SpoolLayout layout;
    private readonly SpoolLimitsConfig limits;
    private readonly SpoolWriter writer;
    private readonly PendingAnswers pending;
    private readonly Lock gate = new();
    private int entries;
    private long bytes;

    public RequestSpooler(SpoolLayout layout, SpoolLimitsConfig limits, PendingAnswers pending)
    {
        this.layout = layout;
        this.limits = limits;
        this.pending = pending;
        writer = new SpoolWriter(layout.IncomingTmp, layout.Incoming, SpoolModes.EntryFile);
        RefreshUsage();
    }

    /// <summary>Re-reads the real spool depth; called periodically.</summary>
    public void RefreshUsage()
    {
        var (count, size) = SpoolQuota.Measure(layout.Incoming);
        lock (gate)
        {
            entries = count;
            bytes = size;
        }
    }

    public int Depth
    {
        get
        {
            lock (gate)
            {
                return entries;
            }
        }
    }

    /// <summary>Spools one request; returns an error answer when it could not be accepted.</summary>
    public ErrorResponse? Submit(string requestId, MessageType type, byte[] body, FrameWriter reply, TimeSpan answerTimeout)
    {
        var entry = new SpoolEntry(SpoolNames.NewId(), DateTimeOffset.UtcNow, [new SpoolItem((byte)type, body)]);
        var size = body.Length + 128L;
        lock (gate)
        {
            if (entries >= limits.MaxPendingEntries || bytes + size > limits.MaxPendingBytes)
            {
                return RetryLater(requestId, "spool quota reached; resend later with the same request id");
            }

            entries++;
            bytes += size;
        }

        pending.Add(new PendingAnswer(entry.Id, requestId, type, reply, DateTimeOffset.UtcNow + answerTimeout));
        try
        {
            writer.Publish(entry);
        }
        catch (IOException e)
        {
            // Disk full, I/O error: nothing was published (the writer removes its temp file).
            pending.Take(entry.Id);
            lock (gate)
            {
                entries--;
                bytes -= size;
            }

            return RetryLater(requestId, $"spool write failed ({e.Message}); resend later with the same request id");
        }

        Doorbell.Ring(layout.IncomingDoorbell);
        return null;
    }

    public void Dispose() => writer.Dispose();

    private static ErrorResponse RetryLater(string requestId, string message) =>
        new() { RequestId = requestId, Code = ErrorCode.RetryLater, Message = message };
}
