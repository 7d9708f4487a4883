using System.Globalization;
using System.Text;
using PrivSepSigner.Logging.Format;
using PrivSepSigner.Logging.Targets;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace PrivSepSigner.Logging.Sinks;

/// <summary>
/// The human-readable lines on stderr, which systemd hands to the journal. Written by their
/// own thread through a bounded queue, like every other log target: a slow or stuck journal
/// costs counted, reported drops, never a signing thread waiting on a write (Serilog's
/// console sink wrote and flushed on the caller's thread, under a lock, once per line).
/// SECURITY: the journal is line-based and its readers trust line starts, so every control
/// character of the rendered event (requesters' names and user IDs, exception messages and
/// stack traces included) is escaped exactly as in the sealed stream: one event, one line.
/// </summary>
internal sealed class JournalSink : ILogEventSink, IDisposable
{
    private static readonly TimeSpan ShutdownDrain = TimeSpan.FromSeconds(2);

    private readonly MessageTemplateTextFormatter formatter;
    private readonly TargetPump pump;
    private readonly Lock gate = new();
    private ulong sequence;
    private bool disposed;

    public JournalSink(string outputTemplate, LoggingOptions options)
        : this(outputTemplate, options, new ConsoleTarget(standardError: true))
    {
    }

    /// <param name="outputTemplate">Serilog output template of one line.</param>
    /// <param name="options">Queue capacity and reopen interval.</param>
    /// <param name="target">Where the lines go (stderr in the daemons); the sink owns it.</param>
    internal JournalSink(string outputTemplate, LoggingOptions options, ILineTarget target)
    {
        formatter = new MessageTemplateTextFormatter(outputTemplate, CultureInfo.InvariantCulture);
        pump = new TargetPump(target, options.QueueCapacity, options.ReopenInterval, DropNotice, TimeProvider.System);
        pump.Start();
    }

    /// <summary>Lines dropped because the journal did not keep up.</summary>
    public long DroppedTotal => pump.DroppedTotal;

    public void Emit(LogEvent logEvent)
    {
        try
        {
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            formatter.Format(logEvent, text);
            var line = Encoding.UTF8.GetBytes(Rfc5424Escaping.OneLine(text.ToString()) + "\n");
            lock (gate)
            {
                // The queue has one writer; the lock makes the daemon's threads one writer.
                if (!disposed)
                {
                    pump.TryEnqueue(++sequence, line);
                }
            }
        }
        catch (Exception e) when (e is FormatException or IOException or ArgumentException)
        {
            SelfLog.WriteLine("journal line could not be formatted: {0}", e.Message);
        }
    }

    /// <summary>Lets the queued lines out (up to two seconds), then stops the thread.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
        }

        pump.Stop(ShutdownDrain);
        pump.Dispose();
    }

    private static byte[] DropNotice(TargetPump pump, DropReport report) =>
        Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} WRN dropped {report.Count} journal lines (the journal did not keep up)\n"));
}
