using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// What one pass over the spool produced and must commit together: issued certificates,
/// revocations and the answers to remember. Also the issuance time of the whole batch,
/// taken once from the signer's own clock and never earlier than any time used before.
/// Handlers run in parallel, so every member is safe to call from several threads, and
/// claims (serials, revocations) are check-and-set in one step.
/// </summary>
internal sealed class Batch
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StoredAnswer> answersById = new(StringComparer.Ordinal);
    private readonly HashSet<string> serials = new(StringComparer.Ordinal);
    private readonly HashSet<string> keys = new(StringComparer.Ordinal);
    private readonly List<IssuedRecord> issued = [];
    private readonly List<RevocationRecord> revocations = [];

    public Batch(DateTimeOffset now) => Now = now;

    public DateTimeOffset Now { get; }

    public IReadOnlyList<IssuedRecord> Issued
    {
        get
        {
            lock (gate)
            {
                return [.. issued];
            }
        }
    }

    public IReadOnlyList<RevocationRecord> Revocations
    {
        get
        {
            lock (gate)
            {
                return [.. revocations];
            }
        }
    }

    public IReadOnlyList<StoredAnswer> Answers
    {
        get
        {
            lock (gate)
            {
                return [.. answersById.Values];
            }
        }
    }

    public StoredAnswer? FindAnswer(string requestId)
    {
        lock (gate)
        {
            return answersById.GetValueOrDefault(requestId);
        }
    }

    /// <summary>Claims a public key for a unique-key profile; false if this batch already claimed it.</summary>
    public bool TryClaimKey(string spkiSha256Hex)
    {
        lock (gate)
        {
            return keys.Add(spkiSha256Hex);
        }
    }

    public bool ClaimSerial(string serialHex)
    {
        lock (gate)
        {
            return serials.Add(serialHex);
        }
    }

    public void Remember(IssuedRecord record, StoredAnswer answer)
    {
        lock (gate)
        {
            issued.Add(record);
            answersById.Add(answer.RequestId, answer);
        }
    }

    /// <summary>Remembers an answer that issued no X.509 certificate (an OpenPGP certification).</summary>
    public void Remember(StoredAnswer answer)
    {
        lock (gate)
        {
            answersById.Add(answer.RequestId, answer);
        }
    }

    /// <summary>Records a revocation unless this batch already revoked the same certificate.</summary>
    public bool TryRemember(RevocationRecord revocation, StoredAnswer answer)
    {
        lock (gate)
        {
            if (revocations.Exists(r => r.Root == revocation.Root && r.SerialHex == revocation.SerialHex))
            {
                return false;
            }

            revocations.Add(revocation);
            answersById.Add(answer.RequestId, answer);
            return true;
        }
    }

    /// <summary>True when the batch changed what a CRL of <paramref name="root"/> must say.</summary>
    public bool Revoked(string root)
    {
        lock (gate)
        {
            return revocations.Exists(r => r.Root == root);
        }
    }
}
