using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using PrivSepSigner.Logging.Sinks;
using PrivSepSigner.Logging.Targets;
using PrivSepSigner.Logging.Tests.Integration;
using PrivSepSigner.Logging.Verification;
using PrivSepSigner.TestSupport;
using Serilog;

namespace PrivSepSigner.Logging.Tests.Sinks;

public sealed class ChainedSyslogSinkTests
{
    private static string WriteKey(TempDir dir)
    {
        var path = dir.File("chain.key");
        File.WriteAllText(path, Convert.ToHexStringLower(ChainedLog.Key));
        return path;
    }

    private static AuditReport Verify(string path, TimeSpan heartbeat)
    {
        using var verifier = new AuditVerifier(ChainedLog.Key, heartbeat, DateTimeOffset.UtcNow);
        return verifier.VerifyFile(path);
    }

    [Fact]
    public void File_target_round_trip_verifies()
    {
        using var dir = new TempDir();
        var options = new LoggingOptions("privsep-signerd")
        {
            MacKeyFile = WriteKey(dir),
            HumanReadableStderr = false,
            Targets = [LogTargetOptions.File(dir.File("syslog.out"))],
        };
        using (var log = DaemonLog.Create(options))
        {
            for (var i = 0; i < 50; i++)
            {
                log.Information("audit: signed request {RequestId} subject {Subject}", i, "CN=x\n]\"");
            }
            log.Warning("ordinary line");
        }
        var lines = File.ReadAllLines(dir.File("syslog.out"));
        Assert.Equal(53, lines.Length);
        Assert.Contains(" start ", lines[0], StringComparison.Ordinal);
        Assert.Contains(" audit ", lines[1], StringComparison.Ordinal);
        Assert.Contains(" stop ", lines[^1], StringComparison.Ordinal);
        var report = Verify(dir.File("syslog.out"), TimeSpan.FromSeconds(60));
        Assert.True(report.IsOk, report.Describe());
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Heartbeats_arrive_through_the_chain()
    {
        using var dir = new TempDir();
        var options = new LoggingOptions("privsep-comm")
        {
            MacKeyFile = WriteKey(dir),
            HumanReadableStderr = false,
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            Targets = [LogTargetOptions.File(dir.File("syslog.out"))],
        };
        using (DaemonLog.Create(options))
        {
            ChildProcesses.WaitFor(() => File.Exists(dir.File("syslog.out"))
                && File.ReadAllText(dir.File("syslog.out")).Split(" heartbeat ").Length > 3, TimeSpan.FromSeconds(10), "heartbeats");
        }
        var report = Verify(dir.File("syslog.out"), TimeSpan.FromMilliseconds(200));
        Assert.True(report.IsOk, report.Describe());
    }

    [Fact]
    public void Deleted_file_is_reopened_and_unwritable_file_never_throws()
    {
        using var dir = new TempDir();
        var options = new LoggingOptions("privsep-signerd")
        {
            MacKeyFile = WriteKey(dir),
            HumanReadableStderr = false,
            QueueCapacity = 100,
            ReopenInterval = TimeSpan.FromMilliseconds(50),
            Targets = [LogTargetOptions.File(dir.File("syslog.out")), LogTargetOptions.File(dir.File("missing/dir/syslog.out"))],
        };
        using (var log = DaemonLog.Create(options))
        {
            log.Information("audit: before");
            ChildProcesses.WaitFor(() => File.Exists(dir.File("syslog.out")), TimeSpan.FromSeconds(5), "file");
            Thread.Sleep(200);
            File.Delete(dir.File("syslog.out"));
            Thread.Sleep(1200);
            for (var i = 0; i < 50; i++)
            {
                log.Information("audit: after {I}", i);
            }
            ChildProcesses.WaitFor(() => File.Exists(dir.File("syslog.out"))
                && File.ReadAllText(dir.File("syslog.out")).Contains("after 49", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "reopened file");
        }
        Assert.False(File.Exists(dir.File("missing/dir/syslog.out")));
    }

    [Fact]
    public void Unix_datagram_target_sends_one_line_per_datagram()
    {
        using var dir = new TempDir();
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(dir.File("log.sock")));
        server.ReceiveTimeout = 5000;
        var options = new LoggingOptions("privsep-comm")
        {
            MacKeyFile = WriteKey(dir),
            HumanReadableStderr = false,
            Targets = [LogTargetOptions.UnixDatagram(dir.File("log.sock"))],
        };
        var received = new List<string>();
        using (var log = DaemonLog.Create(options))
        {
            log.Information("audit: hello {Who}", "world");
            var buffer = new byte[9000];
            for (var i = 0; i < 2; i++)
            {
                received.Add(Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer)));
            }
        }
        Assert.All(received, d => Assert.DoesNotContain('\n', d));
        File.WriteAllLines(dir.File("got"), received);
        using var verifier = new AuditVerifier(ChainedLog.Key, TimeSpan.FromSeconds(60), DateTimeOffset.UtcNow);
        var report = verifier.VerifyFile(dir.File("got"));
        Assert.True(report.IsOk, report.Describe());
        Assert.EndsWith("audit: hello world", received[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_that_throws_never_reaches_the_daemon()
    {
        using var sink = new ChainedSyslogSink(new LoggingOptions("x") { ReopenInterval = TimeSpan.FromMilliseconds(10) }, [new ThrowingTarget()], ChainedLog.Key);
        using var log = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        for (var i = 0; i < 20_000; i++)
        {
            log.Information("audit: {I}", i);
        }
        Assert.True(sink.DroppedTotal > 0);
    }

    /// <summary>
    /// A serial line nobody reads: the pty fills, writes would block. 100k events must return
    /// at once with drops counted; when a reader appears, a sealed "dropped" notice goes out
    /// first and the whole received stream still verifies (the notice explains the gaps).
    /// </summary>
    [Fact]
    public void Full_pty_never_blocks_and_reports_drops_when_drained()
    {
        using var dir = new TempDir();
        using var children = new ChildProcesses();
        var (a, b) = PtyPair.Start(children, dir);
        var options = new LoggingOptions("privsep-signerd")
        {
            MacKeyFile = WriteKey(dir),
            HumanReadableStderr = false,
            QueueCapacity = 1000,
            Targets = [LogTargetOptions.Tty(a, 115200)],
        };
        var received = new MemoryStream();
        using (var sinkLog = DaemonLog.Create(options))
        {
            // Let the pump fill the pty and socat's buffer first.
            for (var i = 0; i < 2000; i++)
            {
                sinkLog.Information("audit: filler {I} {Pad}", i, new string('p', 200));
            }
            Thread.Sleep(500);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 100_000; i++)
            {
                sinkLog.Information("audit: burst {I}", i);
            }
            watch.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"logging took {watch.Elapsed}");

            // Now drain the far end.
            using var reader = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var drain = new Thread(() =>
            {
                var buffer = new byte[65536];
                try
                {
                    int n;
                    while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        lock (received)
                        {
                            received.Write(buffer, 0, n);
                        }
                    }
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    // The test is done with the pty.
                }
            }) { IsBackground = true };
            drain.Start();
            string Received()
            {
                lock (received)
                {
                    return Encoding.UTF8.GetString(received.ToArray());
                }
            }
            // The tail of the burst was dropped; the notice must come before anything new.
            ChildProcesses.WaitFor(() => Received().Contains(" dropped ", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "drop notice");
            // Until the queue has room again, new lines are dropped too (and counted).
            ChildProcesses.WaitFor(() =>
            {
                sinkLog.Information("audit: after the burst");
                Thread.Sleep(100);
                return Received().Contains("audit: after the burst", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(60), "line after the burst");
            Assert.True(Received().IndexOf(" dropped ", StringComparison.Ordinal) < Received().IndexOf("after the burst", StringComparison.Ordinal));
        }
        ChildProcesses.WaitFor(() =>
        {
            lock (received)
            {
                return Encoding.UTF8.GetString(received.ToArray()).Contains("logging stopped", StringComparison.Ordinal);
            }
        }, TimeSpan.FromSeconds(10), "stop line");
        byte[] bytes;
        lock (received)
        {
            bytes = received.ToArray();
        }
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains(" dropped ", text, StringComparison.Ordinal);
        using var verifier = new AuditVerifier(ChainedLog.Key, TimeSpan.FromSeconds(60), DateTimeOffset.UtcNow);
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        var report = verifier.Verify(new MemoryStream(Encoding.UTF8.GetBytes(complete)));
        Assert.True(report.IsOk, report.Describe());
        Assert.Contains(report.Findings, f => f.Kind == AuditFindingKind.ReportedDrop);
    }

    private sealed class ThrowingTarget : ILineTarget
    {
        public string Name => "throwing";

        public bool AppendsNewline => true;

        public bool IsOpen { get; private set; }

        public void Open() => IsOpen = true;

        public LineWriteResult Write(ReadOnlySpan<byte> data, out int written) => throw new IOException("broken");

        public void Close() => IsOpen = false;

        public void Dispose() => Close();
    }
}
