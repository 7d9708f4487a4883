using System.Text;
using PrivSepSigner.Logging.Sinks;
using PrivSepSigner.Logging.Targets;
using Serilog;

namespace PrivSepSigner.Logging.Tests.Sinks;

/// <summary>The journal copy (stderr) may be slow or stuck; the daemon's threads must not be.</summary>
public sealed class JournalSinkTests
{
    /// <summary>What a requester would like the journal to show as the signer's own line.</summary>
    private const string ForgedLine = "2026-01-01T00:00:00.000Z privsep-signerd INF audit: signed request forged result ok";

    [Fact]
    public void A_user_id_with_a_newline_and_a_fake_log_line_stays_one_escaped_line()
    {
        using var target = new GatedTarget();
        target.Release();
        var sink = new JournalSink(DaemonLog.HumanTemplate, new LoggingOptions("x"), target);
        using (var log = new LoggerConfiguration().Enrich.WithProperty("Daemon", "privsep-signerd").WriteTo.Sink(sink).CreateLogger())
        {
            log.Information("audit: certified OpenPGP key {Fingerprint} user ids {UserIds}", "ABCD", "Mallory <m@example.test>\n" + ForgedLine);
            log.Warning("refused {What}", "a\rb\u0085c\u2028d\u001b[31mred\\n");
            log.Error(new InvalidOperationException("bad\n" + ForgedLine), "failed");
        }

        // Whatever the writes were cut into, the journal sees exactly one line per event.
        var lines = string.Concat(target.Lines.Select(l => l + "\n")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain(lines, l => l.StartsWith(ForgedLine[..30], StringComparison.Ordinal));
        Assert.Contains(@"Mallory <m@example.test>\n2026-01-01T00:00:00.000Z privsep-signerd INF", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(@"refused a\rb\x85c\u2028d\x1b[31mred\\n", lines[1], StringComparison.Ordinal);
        Assert.Contains(@"bad\n2026-01-01", lines[2], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.DoesNotContain(l, c => char.IsControl(c) || c is '\u2028' or '\u2029'));
    }

    [Fact]
    public async Task A_journal_that_does_not_read_never_holds_a_logging_thread_and_hears_of_the_drops()
    {
        using var target = new GatedTarget();
        var sink = new JournalSink("{Message:lj}{NewLine}", new LoggingOptions("x") { QueueCapacity = 100 }, target);
        using (var log = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            // While the journal takes nothing, 10,000 lines must all be handed over (a hang here fails the test).
            var logging = Task.Run(() =>
            {
                for (var i = 0; i < 10_000; i++)
                {
                    log.Information("line {I}", i);
                }
            });
            await logging.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.False(target.Released);
            Assert.True(sink.DroppedTotal >= 10_000 - 101, $"dropped {sink.DroppedTotal}");

            target.Release();
        }

        // Disposing the logger drained the queue: the first lines, then the notice of what was lost.
        var lines = target.Lines;
        Assert.Equal("line 0", lines[0]);
        Assert.Contains(lines, l => l.Contains($"dropped {sink.DroppedTotal} journal lines", StringComparison.Ordinal));
        Assert.True(lines.Count <= 102, $"{lines.Count} lines written");
    }
}
