using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// What one pass over the spool produced and must commit together: issued certificates,
/// revocations and the answers to remember. Also the issuance time of the whole batch,
/// taken once from the signer's own clock and never earlier than any time used before.
/// Handlers run in parallel, so every member is safe to call from several threads, and
/// claims (serials, revocations) are check-and-set in one step.
/// </summary>
/// <remarks>
/// The signer answers a batch while the one before it is still being committed (see
/// <see cref="SpoolProcessor"/>). That earlier batch is this one's <c>previous</c> until it
/// is committed: its answers, serials and claimed keys count as taken here too, so a request
/// id, serial or unique key is never handed out twice, whether the database already has it
/// or not yet. Only issuance runs in such an overlap; every other request waits for the
/// earlier batch's commit, so revocations never need the overlap.
/// </remarks>
internal sealed class Batch
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StoredAnswer> answersById = new(StringComparer.Ordinal);
    private readonly HashSet<string> serials = new(StringComparer.Ordinal);
    private readonly HashSet<string> keys = new(StringComparer.Ordinal);
    private readonly List<IssuedRecord> issued = [];
    private readonly List<RevocationRecord> revocations = [];
    private volatile Batch? previous;

    /// <param name="now">The issuance time of the whole batch.</param>
    /// <param name="previous">The batch still being committed while this one is answered, if any.</param>
    public Batch(DateTimeOffset now, Batch? previous = null)
    {
        Now = now;
        this.previous = previous;
    }

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
            if (answersById.TryGetValue(requestId, out var answer))
            {
                return answer;
            }
        }

        return previous?.FindAnswer(requestId);
    }

    /// <summary>Claims a public key for a unique-key profile; false if this batch or the one before it already claimed it.</summary>
    public bool TryClaimKey(string spkiSha256Hex)
    {
        // Lock order is always newer batch, then older: the older never calls into the newer.
        lock (gate)
        {
            return previous?.HasKey(spkiSha256Hex) != true && keys.Add(spkiSha256Hex);
        }
    }

    /// <summary>Claims a serial number; false if this batch or the one before it already holds it.</summary>
    public bool ClaimSerial(string serialHex)
    {
        lock (gate)
        {
            return previous?.HasSerial(serialHex) != true && serials.Add(serialHex);
        }
    }

    /// <summary>The batch before this one is committed: its claims are in the database now.</summary>
    public void ForgetPrevious() => previous = null;

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

    /// <summary>
    /// Records revocation changes and the answer that reports them, all or none: none when this
    /// batch already changes one of the certificates (that change was decided on the same
    /// committed state, so the second must wait for the next batch).
    /// </summary>
    public bool TryRemember(IReadOnlyList<RevocationRecord> changes, StoredAnswer answer)
    {
        lock (gate)
        {
            if (changes.Any(c => revocations.Exists(r => r.Root == c.Root && r.SerialHex == c.SerialHex)))
            {
                return false;
            }

            revocations.AddRange(changes);
            answersById.Add(answer.RequestId, answer);
            return true;
        }
    }

    private bool HasKey(string spkiSha256Hex)
    {
        lock (gate)
        {
            return keys.Contains(spkiSha256Hex);
        }
    }

    private bool HasSerial(string serialHex)
    {
        lock (gate)
        {
            return serials.Contains(serialHex);
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
