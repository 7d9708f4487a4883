using PrivSepSigner.Logging.Format;
using Serilog.Events;

namespace PrivSepSigner.Logging;

/// <summary>
/// How a daemon logs: human-readable lines on stderr (journal) and, if any targets are
/// given, the tamper-evident RFC 5424 stream (docs/audit-log.md).
/// </summary>
/// <param name="Daemon">APP-NAME, e.g. "privsep-signerd".</param>
public sealed record LoggingOptions(string Daemon)
{
    /// <summary>RFC 5424 facility; local0 by default so the collector can route on it.</summary>
    public SyslogFacility Facility { get; init; } = SyslogFacility.Local0;

    /// <summary>Credential file holding k0; null sends unsealed lines (no chain element).</summary>
    public string? MacKeyFile { get; init; }

    /// <summary>How often the chain proves it is alive; the verifier's tail check uses twice this.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(60);

    public IReadOnlyList<LogTargetOptions> Targets { get; init; } = [];

    /// <summary>Keep the existing human-readable stderr output (systemd journal).</summary>
    public bool HumanReadableStderr { get; init; } = true;

    public LogEventLevel MinimumLevel { get; init; } = LogEventLevel.Information;

    /// <summary>Lines buffered per target before lines are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>How long a failed target rests before it is opened again.</summary>
    public TimeSpan ReopenInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>MSG bound in UTF-8 bytes; longer messages are cut with a marker.</summary>
    public int MaxMessageBytes { get; init; } = Rfc5424Formatter.DefaultMaxMessageBytes;

    /// <summary>HOSTNAME field; the machine name if null.</summary>
    public string? HostName { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Daemon);
        ArgumentOutOfRangeException.ThrowIfLessThan(HeartbeatInterval, TimeSpan.FromMilliseconds(100));
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReopenInterval, TimeSpan.FromMilliseconds(10));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageBytes, 64);
    }
}
