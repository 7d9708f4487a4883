using PrivSepSigner.Signer.State;
using PrivSepSigner.Spool;
using Serilog;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// The signer's only input loop. Takes a batch of entries from spool/incoming, each read
/// under the hostile-entry rules (bad ones are quarantined), answers every message through
/// the dispatch table, then hands the batch to the <see cref="CommitStage"/>: the issuance
/// database first, then the answers in the outbox, and only then the removal of the incoming
/// entries. A crash at any point leaves the entry in incoming; reprocessing it replays the
/// stored answer, so nothing accepted is lost and nothing is issued twice.
/// </summary>
/// <remarks>
/// Pipeline: while batch N commits, batch N+1 is answered, with N's claims visible to it
/// through <see cref="Batch"/>'s link to N. Commits stay in order and N+1 is committed only
/// after N succeeded; if N's commit fails, N+1's answers (which may rest on N) are dropped
/// unpublished and its entries, still in incoming, are read again. A batch with anything but
/// signing requests (revocation, CRL, status, OpenPGP, ...) first waits for N's commit, so
/// those requests always see a settled database.
/// </remarks>
internal sealed class SpoolProcessor : IDisposable
{
    private const int MaxBatch = 128;
    private static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan OutboxRetention = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StaleTemp = TimeSpan.FromMinutes(1);
    private static readonly HashSet<string> NothingCommitting = [];

    private readonly SpoolLayout layout;
    private readonly DispatchTable dispatch;
    private readonly IssuanceDatabase database;
    private readonly SignerStatus status;
    private readonly SignerClock clock;
    private readonly ILogger log;
    private readonly SpoolReader incoming;
    private readonly SpoolReader acks;
    private readonly SpoolReader outbox;
    private readonly CommitStage committer;
    private readonly DoorbellListener doorbell;
    private readonly HashSet<string> unmovable = new(StringComparer.Ordinal);
    private DateTimeOffset nextHousekeeping = DateTimeOffset.MinValue;
    private InFlight? inFlight;

    private readonly Action<DateTimeOffset> periodic;

    public SpoolProcessor(SpoolLayout layout, uint commUid, DispatchTable dispatch, IssuanceDatabase database, SignerStatus status, ILogger log, Action<DateTimeOffset> periodic)
    {
        this.periodic = periodic;
        this.layout = layout;
        this.dispatch = dispatch;
        this.database = database;
        this.status = status;
        this.log = log;
        clock = new SignerClock(database.LastTimeUsed);
        var fromComm = new SpoolReaderOptions { ExpectedOwnerUid = commUid, ExpectedMode = SpoolModes.EntryFile };
        incoming = new SpoolReader(layout.Incoming, layout.Quarantine, fromComm);
        acks = new SpoolReader(layout.Ack, layout.Quarantine, fromComm);
        outbox = new SpoolReader(layout.Outbox, layout.Quarantine, new SpoolReaderOptions { ExpectedOwnerUid = Spool.Accounts.UnixAccount.EffectiveUid, ExpectedMode = SpoolModes.EntryFile });
        committer = new CommitStage(layout, database, incoming);
        doorbell = new DoorbellListener(layout.IncomingDoorbell);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        // This process is the outbox's only writer: whatever a dead predecessor left half-written goes now.
        var leftovers = SpoolReaper.ReapStale(layout.OutboxTmp, TimeSpan.Zero);
        if (leftovers > 0)
        {
            log.Information("removed {Count} temporary files left by a previous run", leftovers);
        }

        while (!ct.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                worked |= ProcessAcks();
                worked |= ProcessIncoming();
                Housekeeping();
            }
            catch (Exception e) when (IsRetryable(e))
            {
                // Disk full, I/O error: nothing of this batch was published; retry after a pause.
                ReportIncomplete(e);
                worked = false;
            }

            if (!worked)
            {
                // Idle: settle the batch still committing before sleeping (its failure is retried like any other).
                worked = TryFinishInFlight();
            }

            if (!worked)
            {
                try
                {
                    await doorbell.WaitAsync(RescanInterval, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        TryFinishInFlight();
    }

    public void Dispose()
    {
        doorbell.Dispose();
        committer.Dispose();
        outbox.Dispose();
        acks.Dispose();
        incoming.Dispose();
    }

    private bool ProcessIncoming()
    {
        var committing = inFlight?.Names ?? NothingCommitting;
        var names = incoming.List(MaxBatch + unmovable.Count + committing.Count)
            .Where(n => !unmovable.Contains(n) && !committing.Contains(n))
            .Take(MaxBatch)
            .ToList();
        status.SpoolDepth = names.Count;
        if (names.Count == 0)
        {
            return false;
        }

        var entries = new List<SpoolEntry>(names.Count);
        foreach (var name in names)
        {
            switch (incoming.Read(name))
            {
                case SpoolReadResult.Rejected rejected:
                    QuarantineOrSkip(incoming, name, rejected.Reason);
                    break;
                case SpoolReadResult.Ok ok:
                    entries.Add(ok.Entry);
                    break;
            }
        }

        if (!entries.All(OnlySigning))
        {
            FinishInFlight();
        }

        var batch = new Batch(clock.Now(), inFlight?.Batch);
        var answers = AnswerAll(entries, batch);
        var answered = new AnsweredBatch(
            batch,
            entries.Select((e, i) => new SpoolEntry(e.Id, batch.Now, answers[i])).ToList(),
            entries.Select(e => e.Id).ToList());

        // In order: this batch commits only after the one before it did; if that failed, this
        // one's answers are dropped here (the exception) and its entries are read again.
        FinishInFlight();
        batch.ForgetPrevious();
        inFlight = new InFlight(committer.CommitAsync(answered), batch, answered.IncomingNames.ToHashSet(StringComparer.Ordinal));
        return true;
    }

    /// <summary>Signing requests may be answered while the batch before them commits; anything else waits.</summary>
    private static bool OnlySigning(SpoolEntry entry) =>
        entry.Items.All(static item => (Protocol.MessageType)item.Type is Protocol.MessageType.SignX509Request or Protocol.MessageType.SignSpkacRequest);

    /// <summary>Waits for the batch being committed; rethrows its commit's failure.</summary>
    private void FinishInFlight()
    {
        if (inFlight is { } committing)
        {
            inFlight = null;
            committing.Commit.GetAwaiter().GetResult();
        }
    }

    /// <summary>As <see cref="FinishInFlight"/>, logging a failure instead; true if a batch was settled.</summary>
    private bool TryFinishInFlight()
    {
        if (inFlight is null)
        {
            return false;
        }

        try
        {
            FinishInFlight();
        }
        catch (Exception e) when (IsRetryable(e))
        {
            ReportIncomplete(e);
            return false;
        }

        return true;
    }

    /// <summary>Disk full, I/O or database errors: the batch stays in incoming and is tried again.</summary>
    private static bool IsRetryable(Exception e) => e is IOException or Microsoft.Data.Sqlite.SqliteException;

    private void ReportIncomplete(Exception e)
    {
        status.LastError = e.Message;
        log.Error("batch not completed, will retry: {Error}", e.Message);
    }

    /// <summary>
    /// Answers every message of the batch. Messages run in parallel (signing is CPU-bound and
    /// the handlers are thread-safe), except that a request id seen twice in one batch is
    /// answered after its first occurrence, so the second gets the stored answer.
    /// </summary>
    private SpoolItem[][] AnswerAll(List<SpoolEntry> entries, Batch batch)
    {
        var answers = entries.Select(e => new SpoolItem[e.Items.Count]).ToArray();
        var work = entries.SelectMany((e, i) => e.Items.Select((item, j) => (Entry: i, Item: j, Message: item))).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var first = new List<(int Entry, int Item, SpoolItem Message)>();
        var repeats = new List<(int Entry, int Item, SpoolItem Message)>();
        foreach (var w in work)
        {
            var id = Protocol.MessageCodec.PeekRequestId(w.Message.Body);
            (id.Length == 0 || seen.Add(id) ? first : repeats).Add(w);
        }

        void Answer((int Entry, int Item, SpoolItem Message) w)
        {
            var a = dispatch.Dispatch(w.Message.Type, w.Message.Body, batch, entries[w.Entry].Written);
            answers[w.Entry][w.Item] = new SpoolItem((byte)a.Type, a.Body);
        }

        try
        {
            Parallel.ForEach(first, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Answer);
        }
        catch (AggregateException e)
        {
            // Surface the first failure as itself, so the loop's I/O and database handling applies.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }

        repeats.ForEach(Answer);
        return answers;
    }

    /// <summary>Deletes the outbox entries the comm handler has forwarded.</summary>
    private bool ProcessAcks()
    {
        var names = acks.List((MaxBatch * 4) + unmovable.Count).Where(n => !unmovable.Contains(n)).ToList();
        if (names.Count == 0)
        {
            return false;
        }

        foreach (var name in names)
        {
            switch (acks.Read(name))
            {
                case SpoolReadResult.Ok:
                    outbox.Remove(name);
                    acks.Remove(name);
                    break;
                case SpoolReadResult.Rejected rejected:
                    QuarantineOrSkip(acks, name, rejected.Reason);
                    break;
            }
        }

        // Not synced: an acknowledgement or answer that comes back after a power cut is removed
        // again (or forwarded to no one and acknowledged again); nothing depends on it staying gone.
        return true;
    }

    /// <summary>Bounds every directory: stale temporary files and unacknowledged answers go.</summary>
    private void Housekeeping()
    {
        var now = DateTimeOffset.UtcNow;
        if (now < nextHousekeeping)
        {
            return;
        }

        nextHousekeeping = now.AddSeconds(30);
        FinishInFlight(); // CRLs and the outbox are looked at settled
        periodic(clock.Now()); // e.g. CRLs re-signed before nextUpdate even when nothing was revoked
        var reaped = SpoolReaper.ReapStale(layout.OutboxTmp, StaleTemp);
        if (reaped > 0)
        {
            log.Information("reaped {Count} stale outbox temporary files", reaped);
        }

        foreach (var name in outbox.List())
        {
            if (now - File.GetLastWriteTimeUtc(Path.Combine(layout.Outbox, name)) > OutboxRetention)
            {
                log.Information("outbox entry {Name} never acknowledged; removed (the front end can resend its request id)", name);
                outbox.Remove(name);
            }
        }
    }

    /// <summary>
    /// Moves a bad entry out of the way. If even that fails (an entry the signer may not
    /// rename), it is skipped from now on with one alarm instead of blocking the spool.
    /// </summary>
    private void QuarantineOrSkip(SpoolReader reader, string name, string reason)
    {
        try
        {
            var moved = reader.Quarantine(name, reason);
            log.Warning("spool entry {Name} quarantined as {Moved}: {Reason}", Printable(name), moved, reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (unmovable.Count < 10_000 && unmovable.Add(name))
            {
                status.LastError = $"cannot quarantine a bad spool entry: {e.Message}";
                log.Error("spool entry {Name} is bad ({Reason}) and cannot be quarantined: {Error}; skipping it", Printable(name), reason, e.Message);
            }
        }
    }

    /// <summary>Entry names are attacker-chosen; log them escaped and bounded.</summary>
    private static string Printable(string name)
    {
        var clipped = name.Length > 80 ? name[..80] + "…" : name;
        return string.Concat(clipped.Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\u{(int)c:x4}"));
    }
}
