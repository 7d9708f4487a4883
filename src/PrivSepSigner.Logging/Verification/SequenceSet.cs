namespace PrivSepSigner.Logging.Verification;

/// <summary>Sequence numbers seen, as sorted disjoint ranges: an intact log is one range.</summary>
internal sealed class SequenceSet
{
    private readonly List<(ulong First, ulong Last)> ranges = [];

    public ulong? Max => ranges.Count == 0 ? null : ranges[^1].Last;

    public bool Contains(ulong value)
    {
        var index = FindRange(value);
        return index >= 0 && ranges[index].First <= value && value <= ranges[index].Last;
    }

    public void Add(ulong value)
    {
        // The common case: the next number in order.
        if (ranges.Count > 0 && ranges[^1].Last != ulong.MaxValue && ranges[^1].Last + 1 == value)
        {
            ranges[^1] = (ranges[^1].First, value);
            return;
        }
        if (Contains(value))
        {
            return;
        }
        var insertAt = FindRange(value) + 1;
        ranges.Insert(insertAt, (value, value));
        // Merge with neighbours that now touch.
        if (insertAt + 1 < ranges.Count && ranges[insertAt + 1].First == value + 1)
        {
            ranges[insertAt] = (value, ranges[insertAt + 1].Last);
            ranges.RemoveAt(insertAt + 1);
        }
        if (insertAt > 0 && ranges[insertAt - 1].Last + 1 == value)
        {
            ranges[insertAt - 1] = (ranges[insertAt - 1].First, ranges[insertAt].Last);
            ranges.RemoveAt(insertAt);
        }
    }

    /// <summary>The holes between 0 and the largest number seen.</summary>
    public IEnumerable<(ulong First, ulong Last)> Missing()
    {
        ulong next = 0;
        foreach (var (first, last) in ranges)
        {
            if (first > next)
            {
                yield return (next, first - 1);
            }
            next = last + 1;
        }
    }

    /// <summary>Index of the last range whose First is at most value, or -1.</summary>
    private int FindRange(ulong value)
    {
        int low = 0, high = ranges.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            if (ranges[middle].First <= value)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return found;
    }
}
