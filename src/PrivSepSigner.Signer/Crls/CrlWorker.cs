using System.Security.Cryptography;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance.Crl;
using PrivSepSigner.Signer.State;
using Serilog;

namespace PrivSepSigner.Signer.Crls;

/// <summary>
/// Makes CRLs on a thread of its own, so that a full CRL of a million entries (seconds of work)
/// never holds the signing pipeline: requests for a CRL that is not made yet are answered
/// "retry later" meanwhile. One job at a time, each asked-for CRL queued once however often it
/// is asked for. A job reads one database snapshot, streams its entries into the encoder,
/// records the CRL (its number is then used for good), publishes its file, and logs an audit
/// line. A job that fails on I/O (a full disk) is tried again after ten seconds; the signer goes on
/// signing.
/// </summary>
internal sealed class CrlWorker : IDisposable
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    private readonly IssuanceDatabase database;
    private readonly CrlFiles files;
    private readonly CrlPolicyConfig policy;
    private readonly Func<CrlScope, CaCrlSigner?> signerFor;
    private readonly ILogger log;
    private readonly Lock gate = new();
    private readonly Queue<CrlJob> queue = new();
    private readonly HashSet<CrlJob> queued = [];
    private readonly Dictionary<CrlJob, DateTimeOffset> failed = [];
    private readonly SemaphoreSlim work = new(0);
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;
    private CrlJob? running;

    public CrlWorker(IssuanceDatabase database, CrlFiles files, CrlPolicyConfig policy, Func<CrlScope, CaCrlSigner?> signerFor, ILogger log)
    {
        this.database = database;
        this.files = files;
        this.policy = policy;
        this.signerFor = signerFor;
        this.log = log;
        thread = new Thread(Run) { IsBackground = true, Name = "signer crls" };
        thread.Start();
    }

    /// <summary>Raised after a CRL was recorded and published (tests and status use it).</summary>
    public event Action<StoredCrl>? Made;

    /// <summary>Queues a CRL unless it is queued or being made already; a job that failed waits out its pause.</summary>
    public void Want(CrlJob job)
    {
        lock (gate)
        {
            if (running == job || queued.Contains(job) || (failed.TryGetValue(job, out var until) && DateTimeOffset.UtcNow < until))
            {
                return;
            }

            failed.Remove(job);
            queued.Add(job);
            queue.Enqueue(job);
        }

        work.Release();
    }

    /// <summary>Whether the job is queued or running.</summary>
    public bool Busy(CrlJob job)
    {
        lock (gate)
        {
            return running == job || queued.Contains(job);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        thread.Join();
        stop.Dispose();
        work.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            try
            {
                work.Wait(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            CrlJob job;
            lock (gate)
            {
                if (!queue.TryDequeue(out job!))
                {
                    continue;
                }

                queued.Remove(job);
                running = job;
            }

            try
            {
                Make(job);
            }
            catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                log.Error("audit: {Job} not made, trying again in {Seconds} s: {Error}", job, RetryAfterFailure.TotalSeconds, e.Message);
                lock (gate)
                {
                    failed[job] = DateTimeOffset.UtcNow + RetryAfterFailure;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                log.Error("audit: {Job} not made: {Error}", job, e.Message);
            }
            finally
            {
                lock (gate)
                {
                    running = null;
                }
            }
        }
    }

    private void Make(CrlJob job)
    {
        var scope = job.Scope;
        var signer = signerFor(scope) ?? throw new InvalidOperationException($"no key version of root {scope.Root} with issuer {scope.Issuer} is loaded");
        var started = DateTimeOffset.UtcNow;
        var now = started;
        var expiredBefore = now - TimeSpan.FromDays(policy.ExpiredLookbackDays);
        var number = database.LastCrlNumber(scope.Root) + 1;
        ReadOnlyMemory<byte> der;
        long generation;
        int entries;
        StoredCrl? baseCrl = null;
        using (var snapshot = database.OpenCrlSnapshot())
        {
            generation = snapshot.Generation(scope.Root);
            if (job.BaseNumber is { } baseNumber)
            {
                baseCrl = database.FindFullCrl(scope, baseNumber) ?? throw new InvalidOperationException($"root {scope.Root} has no full CRL number {baseNumber}");
                entries = snapshot.CountChanged(scope, baseCrl.ThisUpdate, expiredBefore);
                der = signer.SignDelta(number, baseNumber, now, now + TimeSpan.FromHours(policy.DeltaValidityHours), snapshot.ChangedSince(scope, baseCrl.ThisUpdate, expiredBefore), entries);
            }
            else
            {
                entries = snapshot.CountRevoked(scope, expiredBefore);
                der = signer.SignFull(number, now, now + TimeSpan.FromHours(policy.ValidityHours), snapshot.Revoked(scope, expiredBefore), policy.DeltaCrlUrl?.Replace("{root}", scope.Root, StringComparison.Ordinal), entries);
            }
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(der.Span));
        var next = now + TimeSpan.FromHours(baseCrl is null ? policy.ValidityHours : policy.DeltaValidityHours);
        var crl = new StoredCrl(scope, number, baseCrl?.Number, now, next, sha256, der.Length, generation, entries);

        // Recorded first: from here on the number is used, even if publishing fails (the next attempt takes the next number).
        database.StoreCrl(crl);
        files.Publish(sha256, der.Span);
        var took = DateTimeOffset.UtcNow - started;
        log.Information(
            "audit: issued {Kind} CRL root {Root} issuer {Issuer} number {Number} base {Base} entries {Entries} bytes {Bytes} nextUpdate {NextUpdate:O} sha256 {Sha256} in {Ms} ms",
            baseCrl is null ? "full" : "delta", scope.Root, scope.Issuer, number, baseCrl?.Number ?? 0, entries, der.Length, next, sha256, (long)took.TotalMilliseconds);
        Made?.Invoke(crl);
    }
}
