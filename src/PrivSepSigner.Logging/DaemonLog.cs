using System.Security.Cryptography;
using PrivSepSigner.Logging.Chain;
using PrivSepSigner.Logging.Sinks;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace PrivSepSigner.Logging;

/// <summary>
/// Builds the daemon logger. Every event carries the daemon name; messages are
/// one line each on stderr, which systemd hands to the journal and `up` prefixes.
/// With <see cref="LoggingOptions"/> targets, the same events also go out as a
/// tamper-evident RFC 5424 stream (docs/audit-log.md).
/// Nothing logged here may contain secret material: callers log names, hashes and
/// serials, never keys, PINs or passphrases.
/// </summary>
public static class DaemonLog
{
    internal const string HumanTemplate = "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Daemon} {Level:u3} {Message:lj}{NewLine}{Exception}";

    public static Logger Create(string daemon, LogEventLevel minimum = LogEventLevel.Information)
    {
        ArgumentException.ThrowIfNullOrEmpty(daemon);
        return Create(new LoggingOptions(daemon) { MinimumLevel = minimum });
    }

    /// <summary>As <see cref="Create(LoggingOptions)"/>, with the daemon name given separately.</summary>
    public static Logger Create(string daemon, LoggingOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(daemon);
        ArgumentNullException.ThrowIfNull(options);
        return Create(options with { Daemon = daemon });
    }

    /// <summary>
    /// Reads the chain key (if configured) before returning, so a missing or malformed
    /// credential stops the daemon at start-up rather than silently logging unsealed.
    /// </summary>
    public static Logger Create(LoggingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(options.MinimumLevel)
            .Enrich.WithProperty("Daemon", options.Daemon);
        if (options.HumanReadableStderr)
        {
            configuration.WriteTo.Sink(new JournalSink(HumanTemplate, options));
        }
        if (options.Targets.Count > 0)
        {
            var key = options.MacKeyFile is null ? [] : MacChain.LoadKey(options.MacKeyFile);
            try
            {
                configuration.WriteTo.Sink(new ChainedSyslogSink(options, options.Targets.Select(t => t.CreateTarget()).ToList(), key));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
        return configuration.CreateLogger();
    }
}
