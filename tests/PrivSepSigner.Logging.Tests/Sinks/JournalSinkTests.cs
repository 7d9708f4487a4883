using System.Text;
using PrivSepSigner.Logging.Sinks;
using PrivSepSigner.Logging.Targets;
using Serilog;

namespace PrivSepSigner.Logging.Tests.Sinks;

/// <summary>The journal copy (stderr) may be slow or stuck; the daemon's threads must not be.</summary>
public sealed class JournalSinkTests
{
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

    /// <summary>A journal that accepts nothing until released.</summary>
    private sealed class GatedTarget : ILineTarget
    {
        private readonly ManualResetEventSlim gate = new();
        private readonly List<string> lines = [];

        public string Name => "gated";

        public bool AppendsNewline => true;

        public bool IsOpen { get; private set; }

        public bool Released => gate.IsSet;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (lines)
                {
                    return [.. lines];
                }
            }
        }

        public void Release() => gate.Set();

        public void Open() => IsOpen = true;

        public LineWriteResult Write(ReadOnlySpan<byte> data, out int written)
        {
            gate.Wait();
            lock (lines)
            {
                lines.Add(Encoding.UTF8.GetString(data).TrimEnd('\n'));
            }

            written = data.Length;
            return LineWriteResult.Written;
        }

        public void Close() => IsOpen = false;

        public void Dispose()
        {
            Close();
            gate.Dispose();
        }
    }
}
