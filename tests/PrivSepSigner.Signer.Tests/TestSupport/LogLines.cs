using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace PrivSepSigner.Signer.Tests.TestSupport;

/// <summary>A Serilog logger whose lines (strings rendered without quotes) a test can read.</summary>
internal sealed class LogLines : ILogEventSink
{
    private readonly List<string> lines = [];
    private readonly MessageTemplateTextFormatter plain = new("{Message:lj}");

    public LogLines() => Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public IReadOnlyList<string> All
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        using var text = new StringWriter();
        plain.Format(logEvent, text);
        lock (lines)
        {
            lines.Add(text.ToString());
        }
    }
}
