using PrivSepSigner.Signer.State;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Doorbells;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Reading;
using PrivSepSigner.Spool.Writing;
using Serilog;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// The second stage of the signer's pipeline, on its own thread: makes one answered batch
/// durable and visible, in this order: its records in the issuance database (one
/// transaction, fsynced), its answers in the outbox (fsynced, one directory sync), the
/// doorbell, then the removal of its incoming entries (not synced: see Commit). Batches are committed one at a time
/// in the order given. While one commits (about 4 ms of waiting on the disk per batch here)
/// the next one is answered, instead of the signer's CPUs idling through every fsync.
/// </summary>
/// <remarks>
/// The audit log says which certificates exist: each is logged "signed" when its signature is
/// made, then its batch is logged "recorded" once the database holds it, or, when the commit
/// fails, "void" (never delivered; its request is processed again). A serial with a "signed"
/// line and neither (the signer was killed in between) is void too: the next start reports the
/// entries it died with, and the database, which has no such serial, is the record (issue 15
/// item 12: after kill -9 rounds 82 serials had a "signed ... result ok" line and no record).
/// </remarks>
internal sealed class CommitStage : IDisposable
{
    private readonly SpoolLayout layout;
    private readonly IssuanceDatabase database;
    private readonly SpoolReader incoming;
    private readonly SpoolWriter outboxWriter;
    private readonly System.Collections.Concurrent.BlockingCollection<(AnsweredBatch Batch, TaskCompletionSource Done)> queue = new(boundedCapacity: 1);
    private readonly Thread thread;
    private readonly Action<Batch>? committed;
    private readonly ILogger log;

    public CommitStage(SpoolLayout layout, IssuanceDatabase database, SpoolReader incoming, ILogger log, Action<Batch>? committed = null)
    {
        this.committed = committed;
        this.log = log;
        this.layout = layout;
        this.database = database;
        this.incoming = incoming;
        outboxWriter = new SpoolWriter(layout.OutboxTmp, layout.Outbox, SpoolModes.EntryFile, SpoolLimits.MaxAnswerItemBody);
        thread = new Thread(Run) { IsBackground = true, Name = "signer commit" };
        thread.Start();
    }

    /// <summary>Queues a batch; the task completes when it is committed, or fails with the commit's I/O or database error.</summary>
    public Task CommitAsync(AnsweredBatch batch)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Add((batch, done));
        return done.Task;
    }

    /// <summary>Finishes what was queued, then stops the thread.</summary>
    public void Dispose()
    {
        queue.CompleteAdding();
        thread.Join();
        queue.Dispose();
        outboxWriter.Dispose();
    }

    private void Run()
    {
        foreach (var (batch, done) in queue.GetConsumingEnumerable())
        {
            try
            {
                Commit(batch);
                done.SetResult();
            }
            catch (Exception e)
            {
                // Handed to the loop, which decides what is fatal (as it did when it committed itself).
                done.SetException(e);
            }
        }
    }

    private void Commit(AnsweredBatch answered)
    {
        var batch = answered.Batch;
        try
        {
            database.Commit(batch.Issued, batch.Revocations, batch.Answers, batch.Now);
        }
        catch (Exception e) when (batch.Issued.Count > 0)
        {
            log.Error(
                "audit: batch not recorded ({Error}): the {Count} certificates signed in it are void, never delivered, and their requests are processed again: serials {Serials}",
                e.Message, batch.Issued.Count, string.Join(",", batch.Issued.Select(static i => i.SerialHex)));
            throw;
        }

        if (batch.Issued.Count > 0)
        {
            log.Information("audit: recorded {Count} certificates in the issuance database: serials {Serials}", batch.Issued.Count, string.Join(",", batch.Issued.Select(static i => i.SerialHex)));
        }
        if (batch.Revocations.Count > 0)
        {
            committed?.Invoke(batch);
        }

        // An answer already in the outbox (a replayed entry whose answer is still unacknowledged) stays as it is.
        var published = answered.Answers.Where(e => !File.Exists(Path.Combine(layout.Outbox, e.Id))).ToList();
        if (published.Count > 0)
        {
            outboxWriter.PublishBatch(published);
            Doorbell.Ring(layout.OutboxDoorbell);
        }

        // No directory fsync after the removals: an entry that comes back after a power cut is
        // read again and answered from the database (the same answer; nothing is signed twice),
        // so making its removal durable would only hold the next batch's commit for a flush.
        foreach (var name in answered.IncomingNames)
        {
            if (answered.SetAside.TryGetValue(name, out var reason))
            {
                // Answered, but kept for the operator: the request that failed is evidence.
                incoming.Quarantine(name, reason);
            }
            else
            {
                incoming.Remove(name);
            }
        }
    }
}
