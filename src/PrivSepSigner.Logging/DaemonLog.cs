using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace PrivSepSigner.Logging;

/// <summary>
/// Builds the daemon logger. Every event carries the daemon name; messages are
/// one line each on stderr, which systemd hands to the journal and `up` prefixes.
/// Nothing logged here may contain secret material: callers log names, hashes and
/// serials, never keys, PINs or passphrases.
/// </summary>
public static class DaemonLog
{
    public static Logger Create(string daemon, LogEventLevel minimum = LogEventLevel.Information)
    {
        ArgumentException.ThrowIfNullOrEmpty(daemon);
        return new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .Enrich.WithProperty("Daemon", daemon)
            .WriteTo.Console(
                outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Daemon} {Level:u3} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }
}
