using System.Diagnostics;
using PrivSepSigner.Posix.Signals;
using PrivSepSigner.Cli.CommandLine;

namespace PrivSepSigner.Cli.Development.Supervision;

/// <summary>
/// `up`: runs the signer and the comm handler as two separate OS processes on one
/// installation, the way the systemd units do in production. A daemon that dies is
/// restarted after a delay and the restart is reported; on stop both get SIGTERM
/// and are waited for. Their output goes where <see cref="DaemonOutput"/> says.
/// </summary>
/// <remarks>
/// A daemon that exits within <see cref="QuickExit"/> of its start again and again is
/// crash-looping (a bad configuration, a missing key): it is reported as such, with its exit
/// status, and restarted with a delay that doubles up to <see cref="MaxRestartDelay"/> (as
/// systemd's restart rate limit would), never once a second for ever. <see cref="Settled"/>
/// says whether both daemons have been running for a while, which `up` checks before it
/// reports the installation as running.
/// </remarks>
internal sealed class Supervisor : IAsyncDisposable
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan QuickExit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private const int LoopAfter = 3;

    // What .NET reports as the exit status of a child ended by a signal: 128 + the signal's number.
    private const int SigKilled = 128 + 9;
    private const int SigTerminated = 128 + 15;

    private readonly string configPath;
    private readonly TextWriter report;
    private readonly Lock logGate = new();
    private readonly StreamWriter? log;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> watchers = [];
    private readonly Dictionary<string, Process> running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> startedAt = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Supervisor(string configPath, TextWriter report, DaemonOutput output)
    {
        this.configPath = configPath;
        this.report = report;
        if (output.LogFile is { } path)
        {
            log = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }
    }

    /// <summary>The process id of a running daemon, if it is running.</summary>
    public int? Pid(string daemon)
    {
        lock (gate)
        {
            return running.TryGetValue(daemon, out var p) ? p.Id : null;
        }
    }

    /// <summary>True when both daemons run and each has been up for at least <paramref name="atLeast"/>.</summary>
    public bool Settled(TimeSpan atLeast)
    {
        lock (gate)
        {
            var now = DateTimeOffset.UtcNow;
            return running.Count == 2 && startedAt.Values.All(t => now - t >= atLeast);
        }
    }

    public void Start()
    {
        // The signer first: it is ready to drain the spool when the link opens.
        watchers.Add(Task.Run(() => KeepRunningAsync("privsep-signerd")));
        watchers.Add(Task.Run(() => KeepRunningAsync("privsep-comm")));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        lock (gate)
        {
            foreach (var p in running.Values)
            {
                ProcessSignals.Terminate(p.Id);
            }
        }

        await Task.WhenAll(watchers).WaitAsync(StopGrace + TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
        lock (logGate)
        {
            log?.Dispose();
        }
    }

    private async Task KeepRunningAsync(string daemon)
    {
        var quickExits = 0;
        while (!stopping.IsCancellationRequested)
        {
            using var process = Launch(daemon);
            var started = DateTimeOffset.UtcNow;
            lock (gate)
            {
                running[daemon] = process;
                startedAt[daemon] = started;
            }

            try
            {
                await process.WaitForExitAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                ProcessSignals.Terminate(process.Id);
                if (!process.WaitForExit(StopGrace))
                {
                    process.Kill();
                }

                return;
            }
            finally
            {
                lock (gate)
                {
                    running.Remove(daemon);
                    startedAt.Remove(daemon);
                }
            }

            // A daemon killed from outside (kill -9 by an operator or a test, SIGTERM) is not failing by
            // itself: it is restarted at once. Only exits of its own, again and again, are a crash loop.
            var killed = process.ExitCode is SigKilled or SigTerminated;
            quickExits = !killed && DateTimeOffset.UtcNow - started < QuickExit ? quickExits + 1 : 0;
            var delay = quickExits <= 1 ? RestartDelay : TimeSpan.FromSeconds(Math.Min(MaxRestartDelay.TotalSeconds, RestartDelay.TotalSeconds * Math.Pow(2, quickExits - 1)));
            await report.WriteLineAsync(quickExits >= LoopAfter
                ? $"privsep-signer up: {daemon} is crash-looping: it exited {quickExits} times in a row within {QuickExit.TotalSeconds:0} s of starting (last status {process.ExitCode}, see its log above); next attempt in {delay.TotalSeconds:0} s"
                : $"privsep-signer up: {daemon} exited with status {process.ExitCode}; restarting in {delay.TotalSeconds:0} s");
            try
            {
                await Task.Delay(delay, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private Process Launch(string daemon)
    {
        var info = new ProcessStartInfo(SiblingPrograms.PathOf(daemon))
        {
            UseShellExecute = false,
            RedirectStandardOutput = log is not null,
            RedirectStandardError = log is not null,
        };
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(configPath);
        info.Environment["DOTNET_EnableDiagnostics"] = "0";

        // The daemon asks the kernel to stop it when this process dies, even by SIGKILL.
        info.Environment[PrivSepSigner.Spool.Instances.ParentDeath.Variable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {daemon}");
        if (log is not null)
        {
            process.OutputDataReceived += (_, e) => Log(e.Data);
            process.ErrorDataReceived += (_, e) => Log(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return process;
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logGate)
        {
            try
            {
                log?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // A last line after stop: the log file is closed.
            }
        }
    }
}
