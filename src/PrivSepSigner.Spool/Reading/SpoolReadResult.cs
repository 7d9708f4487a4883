using PrivSepSigner.Spool.Format;

namespace PrivSepSigner.Spool.Reading;

/// <summary>The outcome of reading one entry: a decoded entry, or the reason it was refused.</summary>
public abstract record SpoolReadResult
{
    // Closed hierarchy: only the two nested results exist.
    private SpoolReadResult()
    {
    }

    /// <summary>Passed every file check and decoded.</summary>
    public sealed record Ok(SpoolEntry Entry) : SpoolReadResult;

    /// <summary>Refused; the entry should be quarantined (a vanished entry is refused too, and quarantining it is a no-op).</summary>
    public sealed record Rejected(string Reason) : SpoolReadResult;
}
