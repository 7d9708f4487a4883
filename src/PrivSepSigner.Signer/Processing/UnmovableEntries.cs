using Serilog;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// Bad spool names the signer cannot quarantine (for example a non-empty directory the comm user
/// made: moving a directory needs write access to it). They are skipped so that a flood of them
/// costs no work per pass, reported in one line a minute with a count rather than one line each,
/// and forgotten every few minutes so that they are tried again. The set is capped; past the cap
/// the extra names are simply tried again on each pass, within the scan's per-pass budget, so a
/// cap can never turn into a stall: valid entries are listed apart from them.
/// </summary>
internal sealed class UnmovableEntries(int max, TimeSpan retryAfter, SignerStatus status, ILogger log)
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMinutes(1);

    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private DateTimeOffset forgetAt = DateTimeOffset.UtcNow + retryAfter;
    private DateTimeOffset nextReport = DateTimeOffset.MinValue;
    private int unreported;
    private DateTimeOffset nextRemovedReport = DateTimeOffset.MinValue;
    private int removedUnreported;

    public bool Contains(string name) => names.Contains(name);

    public void Add(string name, string reason, string error)
    {
        if (names.Count < max)
        {
            names.Add(name);
        }

        unreported++;
        status.LastError = $"cannot quarantine a bad spool entry: {error}";
        var now = DateTimeOffset.UtcNow;
        if (now >= nextReport)
        {
            log.Error("{Count} bad spool entries could not be quarantined and are skipped, valid entries are still served; for example {Name} ({Reason}): {Error}", unreported, Printable(name), reason, error);
            unreported = 0;
            nextReport = now + ReportInterval;
        }
    }

    /// <summary>Forgets the skipped names now and then, so that what became movable is moved.</summary>
    /// <summary>
    /// An empty directory that could not be quarantined was removed instead: reported in
    /// aggregate too, at most once a minute (a flood of empty directories, or one racing the
    /// files being put into them, was one log line per directory).
    /// </summary>
    public void Removed(string name, string reason)
    {
        removedUnreported++;
        var now = DateTimeOffset.UtcNow;
        if (now >= nextRemovedReport)
        {
            log.Warning("{Count} bad spool entries that could not be quarantined were empty directories and are removed; for example {Name} ({Reason})", removedUnreported, Printable(name), reason);
            removedUnreported = 0;
            nextRemovedReport = now + ReportInterval;
        }
    }

    public void Expire(DateTimeOffset now)
    {
        if (now >= forgetAt)
        {
            names.Clear();
            forgetAt = now + retryAfter;
        }
    }

    /// <summary>Entry names are attacker-chosen; log them escaped and bounded.</summary>
    public static string Printable(string name)
    {
        var clipped = name.Length > 80 ? name[..80] + "…" : name;
        return string.Concat(clipped.Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\u{(int)c:x4}"));
    }
}
