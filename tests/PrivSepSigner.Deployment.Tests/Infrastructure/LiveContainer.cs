using System.Diagnostics;
using System.Text;

namespace PrivSepSigner.Deployment.Tests.Infrastructure;

/// <summary>
/// Boots systemd as PID 1 in a container over this machine's own file system with every
/// change discarded (REFERENCE 9): in a private mount namespace, / is bind-mounted and handed
/// to <c>systemd-nspawn --volatile=overlay --boot</c> (the overlay's upper layer is a tmpfs),
/// with no network. The container boots straight into one unit that runs the scenario
/// script, writes into a bind-mounted results directory and powers the container off. The
/// source tree and the test binaries are bound read-only at their own paths.
/// </summary>
public sealed partial class LiveContainer : IDisposable
{
    public const string ResultsInside = "/srv/privsep-live";
    private const string UnitName = "privsep-live-test.service";

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-live-");

    public LiveContainer()
    {
        Directory.CreateDirectory(RootView);
        Directory.CreateDirectory(Results);
    }

    /// <summary>Where the scenario's results are on the host.</summary>
    public string Results => Path.Combine(work.FullName, "results");

    /// <summary>The container's console (boot messages, the scenario unit's status).</summary>
    public string Console { get; private set; } = "";

    public TimeSpan Elapsed { get; private set; }

    private string RootView => Path.Combine(work.FullName, "root");

    /// <summary>Boots, runs <paramref name="script"/> with <paramref name="environment"/>, and returns when the container is gone.</summary>
    public async Task RunAsync(string script, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> readOnlyBinds, TimeSpan limit)
    {
        var unit = Path.Combine(work.FullName, UnitName);
        File.WriteAllText(unit, UnitFile(script, environment, limit));
        var nspawn = new List<string>
        {
            "systemd-nspawn", "--quiet", "--keep-unit", "--register=no", $"--directory={RootView}", "--volatile=overlay",
            "--private-network", $"--bind={Results}:{ResultsInside}", $"--bind-ro={unit}:/etc/systemd/system/{UnitName}",
        };
        nspawn.AddRange(readOnlyBinds.Distinct(StringComparer.Ordinal).Select(b => $"--bind-ro={b}"));
        // Straight into the scenario unit: nothing else of the host's services starts.
        nspawn.AddRange(["--boot", "systemd.firstboot=off", $"systemd.unit={UnitName}"]);

        // nspawn will not clean up under a non-tmpfs /run/systemd/nspawn, and refuses
        // --volatile=overlay on / itself: both are arranged in a private mount namespace.
        var info = new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "--", "sh", "-c",
            "mkdir -p /run/systemd/nspawn && mount --bind / \"$1\" && mount -t tmpfs tmpfs /run/systemd/nspawn && shift && exec \"$@\"",
            "sh", RootView, .. nspawn])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(info) ?? throw new InvalidOperationException("cannot start unshare/systemd-nspawn");
        p.StandardInput.Close();
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) => Append(output, e.Data);
        p.ErrorDataReceived += (_, e) => Append(output, e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(limit + TimeSpan.FromMinutes(1));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM asks nspawn to shut the container down; then everything goes.
            _ = Kill(p.Id, 15);
            if (!p.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                p.Kill(entireProcessTree: true);
            }
        }

        p.WaitForExit();
        Elapsed = clock.Elapsed;
        lock (output)
        {
            Console = output.ToString();
        }
    }

    public void Dispose()
    {
        // The bind mount lived in the private namespace only; RootView is an empty directory here.
        // PSS_KEEP_LIVE=1 keeps the results (scenario log, facts, trace) for a look afterwards.
        if (Environment.GetEnvironmentVariable("PSS_KEEP_LIVE") != "1")
        {
            work.Delete(recursive: true);
        }
    }

    private static string UnitFile(string script, IReadOnlyDictionary<string, string> environment, TimeSpan limit)
    {
        var env = new StringBuilder();
        foreach (var (name, value) in environment)
        {
            env.Append("Environment=\"").Append(name).Append('=').Append(value.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
        }

        return $"""
            [Unit]
            Description=PrivSepSigner live deployment test (LiveSystemdTests)
            AllowIsolate=yes
            # systemd-run --wait (the key ceremony) talks to systemd over D-Bus.
            Wants=dbus.socket
            After=dbus.socket
            SuccessAction=poweroff
            FailureAction=poweroff

            [Service]
            Type=oneshot
            {env}ExecStart=/bin/bash {script}
            TimeoutStartSec={(int)limit.TotalSeconds}
            StandardOutput=journal+console
            StandardError=journal+console
            """;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
