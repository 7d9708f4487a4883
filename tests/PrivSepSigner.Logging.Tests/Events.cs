using Serilog.Events;
using Serilog.Parsing;

namespace PrivSepSigner.Logging.Tests;

/// <summary>Builds Serilog events with a chosen time, as a daemon's logger would.</summary>
internal static class Events
{
    public static LogEvent Make(DateTimeOffset time, string template, params (string Name, object? Value)[] properties) =>
        Make(time, LogEventLevel.Information, template, properties);

    public static LogEvent Make(DateTimeOffset time, LogEventLevel level, string template, params (string Name, object? Value)[] properties) =>
        new(time, level, null, new MessageTemplateParser().Parse(template),
            properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value))));
}
