namespace PrivSepSigner.Comm.Link;

/// <summary>
/// Lets the first <c>burst</c> events of each interval through and counts the rest by kind; when
/// an interval with suppressed events ends, hands their counts to <c>summary</c> (one log line).
/// Link noise costs the log channel at most burst + 1 lines per interval this way, instead of
/// one sealed line of some 300 bytes per 2-byte frame. Thread-safe: the sessions share one.
/// </summary>
internal sealed class NoiseThrottle : IDisposable
{
    private readonly int burst;
    private readonly TimeSpan interval;
    private readonly Action<long, IReadOnlyDictionary<string, long>>? summary;
    private readonly ITimer timer;
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, long> suppressed = new(StringComparer.Ordinal);
    private bool open;
    private int admitted;
    private long total;

    /// <param name="burst">Events let through per interval.</param>
    /// <param name="interval">The interval; it begins with the first event after a quiet one.</param>
    /// <param name="summary">Called, outside the lock, with the suppressed total and counts by kind.</param>
    public NoiseThrottle(int burst, TimeSpan interval, TimeProvider time, Action<long, IReadOnlyDictionary<string, long>>? summary)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        this.burst = burst;
        this.interval = interval;
        this.summary = summary;
        timer = time.CreateTimer(_ => Close(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Interval => interval;

    /// <summary>True when this event is to be logged (or answered) in full; false when it was only counted.</summary>
    public bool Admit(string kind)
    {
        lock (gate)
        {
            if (!open)
            {
                open = true;
                admitted = 0;
                timer.Change(interval, Timeout.InfiniteTimeSpan);
            }

            if (admitted < burst)
            {
                admitted++;
                return true;
            }

            suppressed[kind] = suppressed.GetValueOrDefault(kind) + 1;
            total++;
            return false;
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        Close();
    }

    private void Close()
    {
        long count;
        Dictionary<string, long> kinds;
        lock (gate)
        {
            open = false;
            count = total;
            kinds = new Dictionary<string, long>(suppressed, StringComparer.Ordinal);
            total = 0;
            suppressed.Clear();
        }

        if (count > 0)
        {
            summary?.Invoke(count, kinds);
        }
    }
}
