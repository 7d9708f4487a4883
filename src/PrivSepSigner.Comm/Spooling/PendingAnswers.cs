using System.Collections.Concurrent;

namespace PrivSepSigner.Comm.Spooling;

/// <summary>
/// Spool entry id → the link sessions waiting for its answers, one per item in the entry's
/// order (a group-committed entry carries several requests). Bounded by the spool quota: an
/// entry is only added after the quota admitted its requests.
/// </summary>
internal sealed class PendingAnswers
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<PendingAnswer>> byEntry = new(StringComparer.Ordinal);

    public int Count => byEntry.Count;

    public void Add(string entryId, IReadOnlyList<PendingAnswer> answers) => byEntry[entryId] = answers;

    public IReadOnlyList<PendingAnswer>? Take(string entryId) => byEntry.TryRemove(entryId, out var a) ? a : null;

    /// <summary>Removes and returns the answers of entries whose deadline has passed.</summary>
    public IReadOnlyList<PendingAnswer> TakeExpired(DateTimeOffset now)
    {
        var expired = new List<PendingAnswer>();
        foreach (var (id, answers) in byEntry)
        {
            if (answers.Count > 0 && answers[0].Deadline <= now && byEntry.TryRemove(id, out var a))
            {
                expired.AddRange(a);
            }
        }

        return expired;
    }
}
