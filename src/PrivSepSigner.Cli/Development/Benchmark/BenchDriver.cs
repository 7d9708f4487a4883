using System.Diagnostics;
using PrivSepSigner.Cli.Client;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Development.Benchmark;

/// <summary>
/// Drives signing requests into a target (the project's link, or cfssl) as a front end would. Closed loop: C requests in
/// flight, each worker sending its next one when the last is answered (the maximum rate).
/// Open loop (<c>rate</c> set): request i is due at start + i/rate whether or not earlier ones
/// were answered, and its latency counts from when it was due, so a stall shows up in the
/// tail instead of slowing the sender (no coordinated omission).
/// </summary>
internal sealed class BenchDriver
{
    private readonly IBenchTarget target;
    private int done;

    public BenchDriver(IBenchTarget target)
    {
        this.target = target;
    }

    /// <summary>Per request: latency in ms, and completion time in seconds since the start.</summary>
    public sealed record Result(double[] LatenciesMs, double[] CompletedAtSeconds, double ElapsedSeconds);

    /// <param name="progress">Where to say, once a second, how far the run is (null: nowhere).</param>
    public async Task<Result> RunAsync(byte[][] csrs, int concurrency, string tag, double? rate = null, TextWriter? progress = null)
    {
        var latencies = new double[csrs.Length];
        var completed = new double[csrs.Length];
        var start = Stopwatch.GetTimestamp();
        done = 0;
        using var reporting = new CancellationTokenSource();
        var reporter = progress is null ? Task.CompletedTask : ReportAsync(progress, tag, csrs.Length, start, reporting.Token);
        try
        {
            if (rate is { } r)
            {
                // Every 2 ms, send whatever has fallen due (timer sleeps are too coarse to pace one by one).
                var tasks = new List<Task>(csrs.Length);
                var sent = 0;
                while (sent < csrs.Length)
                {
                    var dueNow = Math.Min(csrs.Length, (int)(Stopwatch.GetElapsedTime(start).TotalSeconds * r) + 1);
                    for (; sent < dueNow; sent++)
                    {
                        var index = sent;
                        var due = start + (long)(index / r * Stopwatch.Frequency);
                        tasks.Add(Task.Run(() => OneAsync(csrs[index], $"bench-{tag}-{index}", due, start, index, latencies, completed)));
                    }

                    await Task.Delay(2);
                }

                await Task.WhenAll(tasks);
            }
            else
            {
                var next = -1;
                var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < csrs.Length)
                    {
                        await OneAsync(csrs[i], $"bench-{tag}-{i}", Stopwatch.GetTimestamp(), start, i, latencies, completed);
                    }
                }));
                await Task.WhenAll(workers);
            }

            return new Result(latencies, completed, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        finally
        {
            await reporting.CancelAsync();
            await reporter;
        }
    }

    private async Task OneAsync(byte[] csr, string id, long due, long start, int i, double[] latencies, double[] completed)
    {
        await target.SignAsync(csr, id, i);
        var now = Stopwatch.GetTimestamp();
        latencies[i] = Stopwatch.GetElapsedTime(due, now).TotalMilliseconds;
        completed[i] = Stopwatch.GetElapsedTime(start, now).TotalSeconds;
        Interlocked.Increment(ref done);
    }

    /// <summary>One line a second: "bench: run 1200/5000 (24%), 2100 certificates/s"; the last when the run ends.</summary>
    private async Task ReportAsync(TextWriter progress, string tag, int total, long start, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await WriteProgressAsync(progress, tag, total, start);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await WriteProgressAsync(progress, tag, total, start);
    }

    private async Task WriteProgressAsync(TextWriter progress, string tag, int total, long start)
    {
        var n = Volatile.Read(ref done);
        var seconds = Math.Max(Stopwatch.GetElapsedTime(start).TotalSeconds, 1e-3);
        await progress.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"bench: {tag} {n}/{total} ({100.0 * n / total:0}%), {n / seconds:0} certificates/s"));
    }
}
