using PrivSepSigner.Logging.Targets;

namespace PrivSepSigner.Logging;

/// <summary>One destination of the chained syslog stream.</summary>
/// <param name="Kind">What kind of destination.</param>
/// <param name="Path">Socket, device or file path; unused for stdout/stderr.</param>
/// <param name="Baud">Line speed for <see cref="LogTargetKind.Tty"/>.</param>
public sealed record LogTargetOptions(LogTargetKind Kind, string? Path = null, int Baud = 115200)
{
    public static LogTargetOptions UnixDatagram(string socketPath = "/dev/log") => new(LogTargetKind.UnixDatagram, socketPath);

    public static LogTargetOptions Tty(string device, int baud = 115200) => new(LogTargetKind.Tty, device, baud);

    public static LogTargetOptions File(string path) => new(LogTargetKind.File, path);

    public static LogTargetOptions Stdout() => new(LogTargetKind.Stdout);

    public static LogTargetOptions Stderr() => new(LogTargetKind.Stderr);

    /// <summary>Builds the target; nothing is opened yet (the sink's pump opens and reopens).</summary>
    public ILineTarget CreateTarget() => Kind switch
    {
        LogTargetKind.UnixDatagram => new UnixDatagramTarget(RequirePath()),
        LogTargetKind.Tty => new TtyTarget(RequirePath(), Baud),
        LogTargetKind.File => new AppendFileTarget(RequirePath()),
        LogTargetKind.Stdout => new ConsoleTarget(standardError: false),
        LogTargetKind.Stderr => new ConsoleTarget(standardError: true),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown log target kind."),
    };

    private string RequirePath() =>
        string.IsNullOrEmpty(Path) ? throw new ArgumentException($"A {Kind} log target needs a path.") : Path;
}
