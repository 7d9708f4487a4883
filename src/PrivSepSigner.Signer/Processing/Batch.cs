using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// What one pass over the spool produced and must commit together: issued certificates
/// and the answers to remember. Also the issuance time of the whole batch, taken once
/// from the signer's own clock and never earlier than any time used before.
/// </summary>
internal sealed class Batch
{
    private readonly Dictionary<string, StoredAnswer> answersById = new(StringComparer.Ordinal);
    private readonly HashSet<string> serials = new(StringComparer.Ordinal);

    public Batch(DateTimeOffset now) => Now = now;

    public DateTimeOffset Now { get; }

    public List<IssuedRecord> Issued { get; } = [];

    public List<RevocationRecord> Revocations { get; } = [];

    public IReadOnlyCollection<StoredAnswer> Answers => answersById.Values;

    public StoredAnswer? FindAnswer(string requestId) => answersById.GetValueOrDefault(requestId);

    public bool ClaimSerial(string serialHex) => serials.Add(serialHex);

    public void Remember(IssuedRecord issued, StoredAnswer answer)
    {
        Issued.Add(issued);
        answersById.Add(answer.RequestId, answer);
    }

    public void Remember(RevocationRecord revocation, StoredAnswer answer)
    {
        Revocations.Add(revocation);
        answersById.Add(answer.RequestId, answer);
    }

    public bool RevokedInBatch(string root, string serialHex) =>
        Revocations.Exists(r => r.Root == root && r.SerialHex == serialHex);

    /// <summary>True when the batch changed what a CRL of <paramref name="root"/> must say.</summary>
    public bool Revoked(string root) => Revocations.Exists(r => r.Root == root);
}
