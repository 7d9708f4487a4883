using PrivSepSigner.Signer.State;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Doorbells;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Maintenance;
using PrivSepSigner.Spool.Reading;
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
/// <para>Pipeline: while batch N commits, batch N+1 is answered, with N's claims visible to it
/// through <see cref="Batch"/>'s link to N. Commits stay in order and N+1 is committed only
/// after N succeeded; if N's commit fails, N+1's answers (which may rest on N) are dropped
/// unpublished and its entries, still in incoming, are read again. A batch with anything but
/// signing requests (revocation, CRL, status, OpenPGP, ...) first waits for N's commit, so
/// those requests always see a settled database.</para>
/// <para>No single entry can stop the CA (Postfix's rule for a poison message). A request whose
/// handler fails is answered with an error and its entry set aside after the commit
/// (<see cref="DispatchTable"/>). A batch that fails as a whole for any reason but a retryable
/// disk or database error, and a batch the process dies in, count one failed attempt against
/// each of its entries in the <see cref="AttemptJournal"/>; such entries are then processed one
/// at a time, and one that fails <see cref="AttemptJournal.MaxAttempts"/> times is set aside:
/// quarantined unread, with an empty answer that tells the comm handler to answer its requests
/// with an error. Retryable errors (a full disk) never set anything aside: the batch is simply
/// tried again. Bounds: a batch holds at most <see cref="MaxBatch"/> entries and
/// <see cref="MaxBatchBytes"/> bytes, a request entry at most
/// <see cref="SpoolLimits.MaxRequestEntryBytes"/>, so hostile entries cannot exhaust memory;
/// names that cannot be entries (directories, FIFOs, bad names) are listed apart and can never
/// crowd valid entries out.</para>
/// </remarks>
internal sealed class SpoolProcessor : IDisposable
{
    private const int MaxBatch = 128;
    private const long MaxBatchBytes = 16L * 1024 * 1024;
    private const int MaxSuspectsPerPass = 64;
    private const int MaxUnmovable = 100_000;
    private static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan OutboxRetention = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StaleTemp = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan UnmovableRetry = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(1);

    private readonly SpoolLayout layout;
    private readonly DispatchTable dispatch;
    private readonly SignerStatus status;
    private readonly SignerClock clock;
    private readonly ILogger log;
    private readonly SpoolReader incoming;
    private readonly SpoolReader acks;
    private readonly SpoolReader outbox;
    private readonly CommitStage committer;
    private readonly DoorbellListener doorbell;
    private readonly AttemptJournal journal;
    private readonly UnmovableEntries unmovable;
    private readonly Action<DateTimeOffset> periodic;
    private DateTimeOffset nextHousekeeping = DateTimeOffset.MinValue;
    private InFlight? inFlight;
    private IReadOnlyList<string> answering = [];

    /// <param name="periodic">Housekeeping of others, every 30 s with a settled database (CRLs due).</param>
    /// <param name="committed">Called on the commit thread after a batch that changed revocations is durable (the next delta CRL is then due).</param>
    public SpoolProcessor(SpoolLayout layout, uint commUid, DispatchTable dispatch, IssuanceDatabase database, SignerStatus status, AttemptJournal journal, ILogger log, Action<DateTimeOffset> periodic, Action<Batch>? committed = null)
    {
        this.periodic = periodic;
        this.layout = layout;
        this.dispatch = dispatch;
        this.status = status;
        this.journal = journal;
        this.log = log;
        clock = new SignerClock(database.LastTimeUsed);
        var fromComm = new SpoolReaderOptions { ExpectedOwnerUid = commUid, ExpectedMode = SpoolModes.EntryFile, MaxBytes = SpoolLimits.MaxRequestEntryBytes };
        incoming = new SpoolReader(layout.Incoming, layout.Quarantine, fromComm);
        acks = new SpoolReader(layout.Ack, layout.Quarantine, fromComm);
        outbox = new SpoolReader(layout.Outbox, layout.Quarantine, new SpoolReaderOptions { ExpectedOwnerUid = Posix.Accounts.UnixAccount.EffectiveUid, ExpectedMode = SpoolModes.EntryFile, MaxItemBody = SpoolLimits.MaxAnswerItemBody });
        committer = new CommitStage(layout, database, incoming, log, committed);
        doorbell = new DoorbellListener(layout.IncomingDoorbell);
        unmovable = new UnmovableEntries(MaxUnmovable, UnmovableRetry, status, log);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        // This process is the outbox's only writer: whatever a dead predecessor left half-written goes now.
        var leftovers = SpoolReaper.ReapStale(layout.OutboxTmp, TimeSpan.Zero);
        if (leftovers > 0)
        {
            log.Information("removed {Count} temporary files left by a previous run", leftovers);
        }

        RecoverFromCrash();
        while (!ct.IsCancellationRequested)
        {
            var worked = false;
            var pause = false;
            try
            {
                worked |= ProcessAcks();
                worked |= ProcessIncoming();
                Housekeeping();
            }
            catch (BatchFailedException e)
            {
                CountFailure(e.Names, e.InnerException!);
                worked = true;
            }
            catch (Exception e) when (DispatchTable.IsRetryable(e))
            {
                // Disk full, I/O error: nothing of this batch was published; retry after a pause.
                ReportIncomplete(e);
                pause = true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Not retryable and not a commit: count it against the batch being answered, if any.
                CountFailure(answering, e);
                pause = answering.Count == 0;
            }
            finally
            {
                journal.Release(answering);
                answering = [];
            }

            if (!worked && !pause)
            {
                // Idle: settle the batch still committing before sleeping (its failure is retried like any other).
                worked = TryFinishInFlight();
            }

            if (!worked)
            {
                try
                {
                    await (pause ? Task.Delay(FailurePause, ct) : doorbell.WaitAsync(RescanInterval, ct));
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
        var committing = inFlight?.Names;
        var scan = incoming.Scan(MaxBatch, MaxSuspectsPerPass, n => committing?.Contains(n) == true || unmovable.Contains(n));
        status.SpoolDepth = scan.Candidates.Count;
        var worked = false;
        foreach (var name in scan.Suspects)
        {
            worked |= QuarantineOrSkip(incoming, name, incoming.Read(name) is SpoolReadResult.Rejected r ? r.Reason : "not an entry");
        }

        if (scan.Candidates.Count == 0)
        {
            return worked;
        }

        // An entry that failed before goes alone, so that it cannot fail its neighbours again.
        var chosen = scan.Candidates.FirstOrDefault(n => journal.Failures(n) > 0) is { } retry ? [retry] : scan.Candidates;
        answering = chosen;
        journal.Begin(chosen);
        var entries = ReadBatch(chosen);
        if (entries.Count == 0)
        {
            return true;
        }

        if (!entries.All(MayOverlapCommit))
        {
            FinishInFlight();
        }

        var batch = new Batch(clock.Now(), inFlight?.Batch);
        var (answers, setAside) = AnswerAll(entries, batch);
        var answered = new AnsweredBatch(
            batch,
            entries.Select((e, i) => new SpoolEntry(e.Id, batch.Now, answers[i])).ToList(),
            entries.Select(e => e.Id).ToList(),
            setAside);

        // In order: this batch commits only after the one before it did; if that failed, this
        // one's answers are dropped here (the exception) and its entries are read again.
        FinishInFlight();
        batch.ForgetPrevious();
        inFlight = new InFlight(committer.CommitAsync(answered), batch, answered.IncomingNames.ToHashSet(StringComparer.Ordinal));
        answering = [];
        return true;
    }

    /// <summary>
    /// Reads the chosen entries until the batch holds <see cref="MaxBatchBytes"/>; bad ones are
    /// quarantined, and those left unread wait for the next batch.
    /// </summary>
    private List<SpoolEntry> ReadBatch(IReadOnlyList<string> chosen)
    {
        var entries = new List<SpoolEntry>(chosen.Count);
        var settled = new List<string>();
        var unread = new List<string>();
        long bytes = 0;
        foreach (var name in chosen)
        {
            if (bytes >= MaxBatchBytes)
            {
                unread.Add(name);
                continue;
            }

            switch (incoming.Read(name))
            {
                case SpoolReadResult.Rejected rejected:
                    QuarantineOrSkip(incoming, name, rejected.Reason);
                    settled.Add(name);
                    break;
                case SpoolReadResult.Ok ok:
                    entries.Add(ok.Entry);
                    bytes += ok.Entry.Items.Sum(static item => (long)item.Body.Length + 6);
                    break;
            }
        }

        answering = [.. entries.Select(e => e.Id)];
        journal.Release(unread);
        if (settled.Count > 0)
        {
            journal.Done(settled);
        }

        return entries;
    }

    /// <summary>Signing requests may be answered while the batch before them commits; anything else waits (the dispatch table's flags say which is which).</summary>
    private static bool MayOverlapCommit(SpoolEntry entry) => entry.Items.All(static item => DispatchTable.MayOverlapCommit(item.Type));

    /// <summary>Waits for the batch being committed; a retryable failure is rethrown, any other becomes a <see cref="BatchFailedException"/> naming its entries.</summary>
    private void FinishInFlight()
    {
        if (inFlight is not { } committing)
        {
            return;
        }

        inFlight = null;
        try
        {
            committing.Commit.GetAwaiter().GetResult();
        }
        catch (Exception e) when (DispatchTable.IsRetryable(e))
        {
            journal.Release(committing.Names);
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new BatchFailedException(committing.Names, e);
        }

        journal.Done(committing.Names);
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
        catch (BatchFailedException e)
        {
            CountFailure(e.Names, e.InnerException!);
        }
        catch (Exception e) when (DispatchTable.IsRetryable(e))
        {
            ReportIncomplete(e);
            return false;
        }

        return true;
    }

    private void ReportIncomplete(Exception e)
    {
        status.LastError = e.Message;
        log.Error("batch not completed, will retry: {Error}", e.Message);
    }

    /// <summary>Entries the previous process died with: one failed attempt each; set aside at the limit.</summary>
    private void RecoverFromCrash()
    {
        foreach (var (name, attempts) in journal.Recovered.OrderBy(static r => r.Key, StringComparer.Ordinal))
        {
            log.Error("audit: spool entry {Name} was being processed when the signer stopped unexpectedly (failed attempt {Attempts} of {Max})", name, attempts, AttemptJournal.MaxAttempts);
            if (attempts >= AttemptJournal.MaxAttempts)
            {
                SetAside(name, $"the signer died {attempts} times while processing it");
            }
        }
    }

    /// <summary>One more failed attempt for each entry; those at the limit are set aside, the others are retried one at a time.</summary>
    private void CountFailure(IEnumerable<string> names, Exception cause)
    {
        var reason = $"{cause.GetType().Name}: {cause.Message}";
        status.LastError = reason;
        foreach (var (name, attempts) in journal.Fail(names))
        {
            log.Error("audit: processing spool entry {Name} failed (attempt {Attempts} of {Max}): {Error}", name, attempts, AttemptJournal.MaxAttempts, reason);
            if (attempts >= AttemptJournal.MaxAttempts)
            {
                SetAside(name, $"failed {attempts} times, last: {reason}");
            }
        }
    }

    /// <summary>
    /// Quarantines an entry without reading it again and publishes an empty answer under its
    /// name, which the comm handler turns into an error for each of its requests.
    /// </summary>
    private void SetAside(string name, string reason)
    {
        TryFinishInFlight();
        var now = clock.Now();
        var empty = new AnsweredBatch(new Batch(now), [new SpoolEntry(name, now, [])], [name], new Dictionary<string, string>(StringComparer.Ordinal) { [name] = reason });
        committer.CommitAsync(empty).GetAwaiter().GetResult();
        journal.Done([name]);
        status.LastError = $"spool entry {name} set aside: {reason}";
        log.Error("audit: spool entry {Name} set aside (quarantined, its requests answered with an error): {Reason}", name, reason);
    }

    /// <summary>
    /// Answers every message of the batch. Messages run in parallel (signing is CPU-bound and
    /// the handlers are thread-safe), except that a request id seen twice in one batch is
    /// answered after its first occurrence, so the second gets the stored answer.
    /// </summary>
    private (SpoolItem[][] Answers, IReadOnlyDictionary<string, string> SetAside) AnswerAll(List<SpoolEntry> entries, Batch batch)
    {
        var answers = entries.Select(e => new SpoolItem[e.Items.Count]).ToArray();
        var setAside = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // Each body's request id is read once, here, and handed to the dispatch table with it.
        var work = entries.SelectMany((e, i) => e.Items.Select((item, j) => (Entry: i, Item: j, Message: item, Id: PrivSepSigner.Protocol.Messages.MessageCodec.PeekRequestId(item.Body)))).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var first = new List<(int Entry, int Item, SpoolItem Message, string Id)>();
        var repeats = new List<(int Entry, int Item, SpoolItem Message, string Id)>();
        foreach (var w in work)
        {
            (w.Id.Length == 0 || seen.Add(w.Id) ? first : repeats).Add(w);
        }

        void Answer((int Entry, int Item, SpoolItem Message, string Id) w)
        {
            var (a, fault) = dispatch.Dispatch(w.Message.Type, w.Message.Body, w.Id, batch, entries[w.Entry].Written);
            answers[w.Entry][w.Item] = new SpoolItem((byte)a.Type, a.Body);
            if (fault is not null)
            {
                setAside.TryAdd(entries[w.Entry].Id, fault);
            }
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
        return (answers, setAside);
    }

    /// <summary>Deletes the outbox entries the comm handler has forwarded.</summary>
    private bool ProcessAcks()
    {
        var scan = acks.Scan(MaxBatch * 4, MaxSuspectsPerPass, unmovable.Contains);
        var worked = false;
        foreach (var name in scan.Suspects)
        {
            worked |= QuarantineOrSkip(acks, name, acks.Read(name) is SpoolReadResult.Rejected r ? r.Reason : "not an acknowledgement");
        }

        foreach (var name in scan.Candidates)
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
        return worked || scan.Candidates.Count > 0;
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
        unmovable.Expire(now);
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
    /// Moves a bad entry out of the way. An empty directory that cannot be moved is removed; any
    /// other entry that cannot be moved is skipped from now on, reported in aggregate, instead of
    /// being retried on every pass.
    /// </summary>
    /// <returns>True if the entry is gone from the directory.</returns>
    private bool QuarantineOrSkip(SpoolReader reader, string name, string reason)
    {
        try
        {
            var moved = reader.Quarantine(name, reason);
            log.Warning("spool entry {Name} quarantined as {Moved}: {Reason}", UnmovableEntries.Printable(name), moved, reason);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (reader.TryRemoveEmptyDirectory(name))
            {
                unmovable.Removed(name, reason);
                return true;
            }

            unmovable.Add(name, reason, e.Message);
            return false;
        }
    }
}
