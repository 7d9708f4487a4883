using System.Diagnostics;

namespace PrivSepSigner.Cli.Supervision;

/// <summary>
/// `up`: runs the signer and the comm handler as two separate OS processes on one
/// installation, the way the systemd units do in production. A daemon that dies is
/// restarted after a short delay and the restart is reported; on stop both get SIGTERM
/// and are waited for. Their output goes where <see cref="DaemonOutput"/> says.
/// </summary>
internal sealed class Supervisor : IAsyncDisposable
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly string configPath;
    private readonly TextWriter report;
    private readonly Lock logGate = new();
    private readonly StreamWriter? log;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> watchers = [];
    private readonly Dictionary<string, Process> running = new(StringComparer.Ordinal);
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

    /// <summary>The executables, next to this CLI's own apphost.</summary>
    public static string DaemonPath(string name) => Path.Combine(AppContext.BaseDirectory, name);

    /// <summary>The process id of a running daemon, if it is running.</summary>
    public int? Pid(string daemon)
    {
        lock (gate)
        {
            return running.TryGetValue(daemon, out var p) ? p.Id : null;
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
                NativeSignals.Terminate(p.Id);
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
        while (!stopping.IsCancellationRequested)
        {
            using var process = Launch(daemon);
            lock (gate)
            {
                running[daemon] = process;
            }

            try
            {
                await process.WaitForExitAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                NativeSignals.Terminate(process.Id);
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
                }
            }

            await report.WriteLineAsync($"privsep-signer up: {daemon} exited with status {process.ExitCode}; restarting in {RestartDelay.TotalSeconds:0} s");
            try
            {
                await Task.Delay(RestartDelay, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private Process Launch(string daemon)
    {
        var info = new ProcessStartInfo(DaemonPath(daemon))
        {
            UseShellExecute = false,
            RedirectStandardOutput = log is not null,
            RedirectStandardError = log is not null,
        };
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(configPath);
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
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
