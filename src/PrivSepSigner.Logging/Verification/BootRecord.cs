namespace PrivSepSigner.Logging.Verification;

/// <summary>
/// What the verifier knows of one boot id: which of the given keys opens it (tried in turn
/// until one verifies a line, which binds the boot to that key), the seqs seen, the lines
/// accepted (by fingerprint, so an exact repeat costs no key walk and a second, different line
/// with one seq is caught), where each run of seqs began (to place gaps), and its drop notices.
/// </summary>
internal sealed class BootRecord : IDisposable
{
    /// <summary>Lines kept to report as Modified once the boot's key is known; the rest are only counted.</summary>
    private const int MaxDeferredLines = 1000;

    private readonly List<BootChain> candidates;
    private readonly Dictionary<ulong, AcceptedLine> accepted = [];
    private readonly Dictionary<ulong, long> runStarts = [];
    private readonly List<long> deferred = [];
    private BootChain? bound;

    /// <param name="keys">The keys to try, those that may seal <paramref name="appName"/> first.</param>
    public BootRecord(string bootId, string appName, long firstLine, IEnumerable<AuditKey> keys, string? claimedKeyId)
    {
        BootId = bootId;
        AppName = appName;
        FirstLine = firstLine;
        ClaimedKeyId = claimedKeyId;
        candidates = keys.OrderBy(k => k.MaySeal(appName) ? 0 : 1).Select(k => new BootChain(k, bootId)).ToList();
    }

    public string BootId { get; }

    public string AppName { get; }

    public long FirstLine { get; }

    /// <summary>The key id the boot's first line names, if it is a start line (unverified until the boot is).</summary>
    public string? ClaimedKeyId { get; }

    /// <summary>The key that opened the boot, once one has.</summary>
    public AuditKey? Key => bound?.Key;

    public SequenceSet Seen { get; } = new();

    public List<(ulong First, ulong Last, long Count)> DropNotices { get; } = [];

    /// <summary>Chained lines of this boot, valid or not.</summary>
    public long Lines { get; set; }

    /// <summary>Lines that verified with no key while the boot had none.</summary>
    public long DeferredCount { get; private set; }

    public string? LastMsgId { get; set; }

    /// <summary>Its first valid line has been seen (the boot has begun for its daemon).</summary>
    public bool Started { get; set; }

    /// <summary>A later boot of the same daemon has begun; this one must be silent from now on.</summary>
    public bool Superseded { get; set; }

    public bool OverlapReported { get; set; }

    /// <summary>Opened by a key that may not seal this APP-NAME's lines: a forgery, not a boot of that daemon.</summary>
    public bool Foreign { get; set; }

    public ulong Frontier => bound?.Frontier ?? candidates.Max(c => c.Frontier);

    /// <summary>Records a seq as present; a seq that does not continue the highest run is remembered with its line.</summary>
    public void MarkSeen(ulong sequence, long lineNumber)
    {
        var continues = Seen.Max is { } max && max != ulong.MaxValue && max + 1 == sequence;
        if (!continues && !Seen.Contains(sequence))
        {
            runStarts.TryAdd(sequence, lineNumber);
        }
        Seen.Add(sequence);
    }

    /// <summary>The line at which the run of seqs beginning with <paramref name="sequence"/> started.</summary>
    public long LineOfRun(ulong sequence) => runStarts.GetValueOrDefault(sequence, FirstLine);

    public bool TryGetAccepted(ulong sequence, out AcceptedLine line) => accepted.TryGetValue(sequence, out line);

    public void Accept(ulong sequence, UInt128 fingerprint, long lineNumber) => accepted[sequence] = new AcceptedLine(fingerprint, lineNumber);

    /// <summary>
    /// Checks the line's MAC with the boot's key or, while it has none, with each candidate in
    /// turn; the first that verifies becomes the boot's key (<paramref name="bound"/> true).
    /// </summary>
    public bool Verify(ParsedLine line, out bool justBound)
    {
        justBound = false;
        if (bound is not null)
        {
            return bound.Verifies(line);
        }
        foreach (var candidate in candidates)
        {
            if (candidate.Verifies(line))
            {
                bound = candidate;
                justBound = true;
                foreach (var other in candidates.Where(c => !ReferenceEquals(c, candidate)))
                {
                    other.Dispose();
                }
                candidates.Clear();
                return true;
            }
        }
        return false;
    }

    /// <summary>A line no key opened while the boot had none: a wrong key, or an edit before the first good line.</summary>
    public void Defer(long lineNumber)
    {
        DeferredCount++;
        if (deferred.Count < MaxDeferredLines)
        {
            deferred.Add(lineNumber);
        }
    }

    /// <summary>The deferred lines, once the boot's key is known: they failed with it too, so they were modified.</summary>
    public IReadOnlyList<long> TakeDeferred()
    {
        var lines = deferred.ToList();
        deferred.Clear();
        return lines;
    }

    public void Dispose()
    {
        bound?.Dispose();
        foreach (var candidate in candidates)
        {
            candidate.Dispose();
        }
    }
}
