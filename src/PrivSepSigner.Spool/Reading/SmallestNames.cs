namespace PrivSepSigner.Spool.Reading;

/// <summary>
/// The <c>max</c> smallest names (ordinal) of a stream of names, in a max-heap: bounded memory
/// however many names a peer creates.
/// </summary>
internal sealed class SmallestNames(int max)
{
    private static readonly Comparer<string> LargestFirst = Comparer<string>.Create(static (a, b) => string.CompareOrdinal(b, a));

    private readonly PriorityQueue<string, string> kept = new(LargestFirst);

    public void Offer(string name)
    {
        if (kept.Count < max)
        {
            kept.Enqueue(name, name);
        }
        else if (max > 0 && string.CompareOrdinal(name, kept.Peek()) < 0)
        {
            kept.EnqueueDequeue(name, name);
        }
    }

    public List<string> Sorted()
    {
        var names = kept.UnorderedItems.Select(static item => item.Element).ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
