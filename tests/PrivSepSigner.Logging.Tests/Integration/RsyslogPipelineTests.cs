using System.Text;
using PrivSepSigner.Logging.Verification;
using PrivSepSigner.TestSupport;
using Serilog.Core;

namespace PrivSepSigner.Logging.Tests.Integration;

/// <summary>
/// The real thing on one machine (REFERENCE 5): socat emulates the serial cable with a pty
/// pair, a real rsyslogd runs the shipped collector.conf, socat runs the shipped bridge
/// command, and the verifier checks what rsyslog wrote, then catches deletion, editing
/// and a cut-off tail in that file.
/// </summary>
public sealed class RsyslogPipelineTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    [Fact]
    public void Sink_on_tty_to_rsyslog_collector_verifies_and_tampering_is_caught()
    {
        using var dir = new TempDir();
        using var children = new ChildProcesses();
        var (a, b) = PtyPair.Start(children, dir);
        var collected = StartCollector(children, dir, b);
        RunDaemonAndCheck(dir, collected, LogTargetOptions.Tty(a, 115200));
    }

    /// <summary>
    /// The whole deployment: daemon datagrams to rsyslog on the signing host (the shipped
    /// signing-host.conf, omfile on the tty with the disk-assisted queue), across the cable,
    /// into the collector.
    /// </summary>
    [Fact]
    public void Signing_host_rsyslog_forwards_raw_lines_across_the_cable()
    {
        using var dir = new TempDir();
        using var children = new ChildProcesses();
        var (a, b) = PtyPair.Start(children, dir);
        var collected = StartCollector(children, dir, b);
        Directory.CreateDirectory(dir.File("host-spool"));
        var socket = dir.File("host/log.sock");
        var config = DeployFiles.Substitute(DeployFiles.Read("signing-host.conf"),
            ("/dev/ttyS1", a),
            ("/run/privsep-log/log.sock", socket));
        // What the distribution's rsyslog.conf provides before it includes the drop-in (Debian loads imuxsock).
        File.WriteAllText(dir.File("host.conf"), $"global(workDirectory=\"{dir.File("host-spool")}\")\nmodule(load=\"imuxsock\" SysSock.Use=\"off\")\n" + config);
        children.Start("rsyslogd", "-n", "-f", dir.File("host.conf"), "-i", dir.File("host.pid"));
        ChildProcesses.WaitFor(() => File.Exists(socket), TimeSpan.FromSeconds(15), "signing-host rsyslog socket");
        RunDaemonAndCheck(dir, collected, LogTargetOptions.UnixDatagram(socket));
    }

    private static string StartCollector(ChildProcesses children, TempDir dir, string tty)
    {
        Directory.CreateDirectory(dir.File("collector-spool"));
        var socket = dir.File("collector/serial.sock");
        var collected = dir.File("collected/collected.log");
        var config = DeployFiles.Substitute(DeployFiles.Read("collector.conf"),
            ("/var/log/privsep/collected.log", collected),
            ("/run/privsep-collector/serial.sock", socket),
            // The group must exist when rsyslog parses the file.
            ("fileGroup=\"privsep-bridge\"", "fileGroup=\"root\""));
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        File.WriteAllText(dir.File("collector.conf"), $"global(workDirectory=\"{dir.File("collector-spool")}\")\n" + config);
        children.Start("rsyslogd", "-n", "-f", dir.File("collector.conf"), "-i", dir.File("collector.pid"));
        ChildProcesses.WaitFor(() => File.Exists(socket), TimeSpan.FromSeconds(15), "collector rsyslog socket");
        children.Start("socat", DeployFiles.BridgeArguments(tty, socket));
        return collected;
    }

    private static void RunDaemonAndCheck(TempDir dir, string collected, LogTargetOptions target)
    {
        var key = dir.File("chain.key");
        File.WriteAllText(key, Convert.ToHexStringLower(ChainedLog.Key));
        string[] snapshot;
        DateTimeOffset snapshotTime;
        using (Logger log = DaemonLog.Create(new LoggingOptions("privsep-signerd")
        {
            MacKeyFile = key,
            HeartbeatInterval = Heartbeat,
            HumanReadableStderr = false,
            Targets = [target],
        }))
        {
            for (var i = 0; i < 5; i++)
            {
                log.Information("audit: signed request {RequestId} subject {Subject}", i, "CN=Alice \"x\"]\nOU=y");
            }
            log.Warning("refused request {RequestId}: {Reason}", 9, "policy");
            // Three heartbeats after the audit lines, so a cut after them is older than 2x heartbeat.
            ChildProcesses.WaitFor(() => File.Exists(collected)
                && HeartbeatsAfterLastAudit(File.ReadAllLines(collected)) >= 3, TimeSpan.FromSeconds(30), "audit lines and heartbeats at the collector");
            snapshot = File.ReadAllLines(collected);
            snapshotTime = DateTimeOffset.UtcNow;
        }

        var intact = Verify(dir, snapshot, snapshotTime);
        Assert.True(intact.IsOk, intact.Describe() + string.Join("\n", snapshot));
        Assert.Empty(intact.Findings);
        Assert.Equal(5, snapshot.Count(l => l.Contains(" audit [chain@32473 ", StringComparison.Ordinal)));

        var audit2 = Array.FindIndex(snapshot, l => l.Contains("signed request 2 ", StringComparison.Ordinal));
        var deleted = Verify(dir, snapshot.Where((_, i) => i != audit2), snapshotTime);
        Assert.False(deleted.IsOk);
        Assert.Equal(AuditFindingKind.Gap, Assert.Single(deleted.Findings).Kind);

        var edited = snapshot.ToArray();
        edited[audit2] = edited[audit2].Replace("request 2 ", "request 7 ", StringComparison.Ordinal);
        var modified = Verify(dir, edited, snapshotTime);
        Assert.Equal(AuditFindingKind.Modified, Assert.Single(modified.Findings).Kind);

        var lastAudit = Array.FindLastIndex(snapshot, l => l.Contains(" audit [chain@32473 ", StringComparison.Ordinal));
        var cut = Verify(dir, snapshot.Take(lastAudit + 1), snapshotTime);
        Assert.Equal(AuditFindingKind.TruncatedTail, Assert.Single(cut.Findings).Kind);
        Assert.Equal(1, cut.ExitCode);
    }

    private static int HeartbeatsAfterLastAudit(string[] lines)
    {
        var lastAudit = Array.FindLastIndex(lines, l => l.Contains("signed request 4 ", StringComparison.Ordinal));
        return lastAudit < 0 ? 0 : lines.Skip(lastAudit).Count(l => l.Contains(" heartbeat [chain@32473 ", StringComparison.Ordinal));
    }

    private static AuditReport Verify(TempDir dir, IEnumerable<string> lines, DateTimeOffset now)
    {
        var path = dir.File("check.log");
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")), new UTF8Encoding(false));
        using var verifier = AuditVerifier.FromKeyFile(dir.File("chain.key"), Heartbeat, now);
        return verifier.VerifyFile(path);
    }
}
