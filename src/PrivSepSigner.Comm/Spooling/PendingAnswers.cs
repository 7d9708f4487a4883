using System.Collections.Concurrent;

namespace PrivSepSigner.Comm.Spooling;

/// <summary>
/// Spool entry id → the link session waiting for its answer. Bounded by the spool quota:
/// an entry is only added after the quota admitted it.
/// </summary>
internal sealed class PendingAnswers
{
    private readonly ConcurrentDictionary<string, PendingAnswer> byEntry = new(StringComparer.Ordinal);

    public int Count => byEntry.Count;

    public void Add(PendingAnswer answer) => byEntry[answer.EntryId] = answer;

    public PendingAnswer? Take(string entryId) => byEntry.TryRemove(entryId, out var a) ? a : null;

    /// <summary>Removes and returns the answers whose deadline has passed.</summary>
    public IReadOnlyList<PendingAnswer> TakeExpired(DateTimeOffset now)
    {
        var expired = new List<PendingAnswer>();
        foreach (var (id, answer) in byEntry)
        {
            if (answer.Deadline <= now && byEntry.TryRemove(id, out var a))
            {
                expired.Add(a);
            }
        }

        return expired;
    }
}
