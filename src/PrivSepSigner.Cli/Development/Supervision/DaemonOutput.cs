namespace PrivSepSigner.Cli.Development.Supervision;

/// <summary>
/// Where the daemons' stdout and stderr (their human-readable log, audit lines included) go:
/// the terminal (`up`), or a file, so that `bench` and `demo` print only their own results.
/// </summary>
internal sealed record DaemonOutput(string? LogFile)
{
    public static DaemonOutput Inherit { get; } = new((string?)null);

    public static DaemonOutput ToFile(string path) => new(path);

    /// <summary>The last <paramref name="lines"/> lines of the log file, for a failure report ("" when none).</summary>
    public string Tail(int lines)
    {
        if (LogFile is null || !File.Exists(LogFile))
        {
            return string.Empty;
        }

        using var file = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        var tail = new Queue<string>(lines);
        while (reader.ReadLine() is { } line)
        {
            if (tail.Count == lines)
            {
                tail.Dequeue();
            }

            tail.Enqueue(line);
        }

        return string.Join('\n', tail);
    }
}
