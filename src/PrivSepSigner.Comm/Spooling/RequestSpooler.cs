using System.Threading.Channels;
using PrivSepSigner.Comm.Link;
using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Doorbells;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Maintenance;
using PrivSepSigner.Spool.Writing;

namespace PrivSepSigner.Comm.Spooling;

/// <summary>
/// Admits screened requests into spool/incoming under the quota and rings the doorbell.
///
/// Group commit: a durable publish costs about a millisecond (fsync of the file and the
/// directory), so one writer task takes every request queued at that moment — up to
/// <see cref="MaxItemsPerEntry"/> — into a single entry with one fsync. Under load the
/// batches grow by themselves; an idle link still publishes each request at once.
///
/// The quota counts requests: those this process admitted and has not yet seen answered,
/// and never fewer than the entries actually in the directory (which covers what a previous
/// run left), so a restart or a stalled signer cannot make it drift open. Past the limit the
/// front end is told to retry later; nothing is dropped silently.
/// </summary>
internal sealed class RequestSpooler : IDisposable
{
    private const int MaxItemsPerEntry = SpoolLimits.MaxRequestItems;
    private const long MaxBytesPerEntry = SpoolLimits.MaxRequestEntryBodyBytes;

    private readonly SpoolLayout layout;
    private readonly SpoolLimitsConfig limits;
    private readonly SpoolWriter writer;
    private readonly PendingAnswers pending;
    private readonly Channel<Submission> queue = Channel.CreateUnbounded<Submission>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock gate = new();
    private readonly Dictionary<string, (int Requests, long Bytes)> admitted = new(StringComparer.Ordinal);
    private int outstanding;
    private long outstandingBytes;
    private int filesInSpool;
    private long bytesInSpool;

    public RequestSpooler(SpoolLayout layout, SpoolLimitsConfig limits, PendingAnswers pending)
    {
        this.layout = layout;
        this.limits = limits;
        this.pending = pending;
        writer = new SpoolWriter(layout.IncomingTmp, layout.Incoming, SpoolModes.EntryFile);
        RefreshUsage();
    }

    /// <summary>Re-reads the real spool depth; called periodically and after answers arrive.</summary>
    public void RefreshUsage()
    {
        var (count, size) = SpoolQuota.Measure(layout.Incoming);
        lock (gate)
        {
            filesInSpool = count;
            bytesInSpool = size;
        }
    }

    /// <summary>The signer answered an entry (or it was found in the outbox): its requests leave the quota.</summary>
    public void Answered(string entryId)
    {
        lock (gate)
        {
            if (admitted.Remove(entryId, out var a))
            {
                outstanding -= a.Requests;
                outstandingBytes -= a.Bytes;
            }
        }
    }

    /// <summary>
    /// Queues one request; the task completes once it is durably spooled (null) or with the
    /// error answer for the front end. The quota counts requests, not files, so batching
    /// never lets more requests in.
    /// </summary>
    public Task<ErrorResponse?> SubmitAsync(string requestId, MessageType type, byte[] body, IAnswerChannel reply)
    {
        var submission = new Submission(requestId, type, body, reply, new TaskCompletionSource<ErrorResponse?>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (gate)
        {
            if (Math.Max(outstanding, filesInSpool) >= limits.MaxPendingEntries
                || Math.Max(outstandingBytes, bytesInSpool) + submission.Size > limits.MaxPendingBytes)
            {
                return Task.FromResult<ErrorResponse?>(RetryLater(requestId, "spool quota reached; resend later with the same request id"));
            }

            outstanding++;
            outstandingBytes += submission.Size;
        }

        if (!queue.Writer.TryWrite(submission))
        {
            Release(submission);
            return Task.FromResult<ErrorResponse?>(RetryLater(requestId, "the comm handler is stopping; resend later"));
        }

        return submission.Done.Task;
    }

    /// <summary>The single writer: drains the queue into entries until cancelled.</summary>
    public async Task RunAsync(TimeSpan answerTimeout, CancellationToken ct)
    {
        var batch = new List<Submission>(MaxItemsPerEntry);
        try
        {
            while (await queue.Reader.WaitToReadAsync(ct))
            {
                long size = 0;
                // Never past the signer's limits for a request entry (it refuses larger ones unread).
                while (batch.Count < MaxItemsPerEntry && queue.Reader.TryPeek(out var next) && size + next.Body.Length <= MaxBytesPerEntry
                    && queue.Reader.TryRead(out var s))
                {
                    batch.Add(s);
                    size += s.Body.Length;
                }

                Publish(batch, answerTimeout);
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out var s))
            {
                s.Done.TrySetResult(RetryLater(s.RequestId, "the comm handler is stopping; resend later with the same request id"));
            }
        }
    }

    public void Dispose() => writer.Dispose();

    private void Publish(List<Submission> batch, TimeSpan answerTimeout)
    {
        var entry = new SpoolEntry(SpoolNames.NewId(), DateTimeOffset.UtcNow, batch.Select(s => new SpoolItem((byte)s.Type, s.Body)).ToList());
        var deadline = DateTimeOffset.UtcNow + answerTimeout;
        lock (gate)
        {
            admitted[entry.Id] = (batch.Count, batch.Sum(x => x.Size));
        }

        pending.Add(entry.Id, batch.Select(s => new PendingAnswer(entry.Id, s.RequestId, s.Type, s.Reply, deadline)).ToList());
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
                admitted.Remove(entry.Id);
            }

            foreach (var s in batch)
            {
                Release(s);
                s.Done.TrySetResult(RetryLater(s.RequestId, $"spool write failed ({e.Message}); resend later with the same request id"));
            }

            return;
        }

        Doorbell.Ring(layout.IncomingDoorbell);
        foreach (var s in batch)
        {
            s.Done.TrySetResult(null);
        }
    }

    private void Release(Submission s)
    {
        lock (gate)
        {
            outstanding--;
            outstandingBytes -= s.Size;
        }
    }

    private static ErrorResponse RetryLater(string requestId, string message) =>
        new() { RequestId = requestId, Code = ErrorCode.RetryLater, Message = message };
}
