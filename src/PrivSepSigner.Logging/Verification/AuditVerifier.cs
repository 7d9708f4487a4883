namespace PrivSepSigner.Logging.Verification;

/// <summary>
/// Collector side of the audit chain (`privsep-signer audit verify`). Reads a log as the
/// shipped collector config writes it (deploy/rsyslog/collector.conf: one raw RFC 5424 line per
/// LF), recomputes each boot's key chain from the k0 that opens it, and reports deleted lines
/// (sequence gaps, at the line where they are), altered lines (MAC mismatch), a key that opens
/// nothing, a boot sealed with another daemon's key, two different valid lines with one seq, a
/// second boot of a daemon while the first still writes, a cut-off tail, clean stops, restarts,
/// and drops the sender itself reported. Other programs' lines are counted and ignored.
/// SECURITY: the file is hostile input; lines and boots are bounded, and seq values are only
/// trusted after their MAC checks out.
/// </summary>
public sealed class AuditVerifier : IDisposable
{
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>A sender drops at most its queue size at a time; a far larger jump is a forged seq.</summary>
    public const ulong MaxSequenceJump = 1UL << 24;

    internal const int MaxBoots = 100_000;

    private readonly IReadOnlyList<AuditKey> keys;
    private readonly bool ownsKeys;
    private readonly TimeSpan heartbeatInterval;
    private readonly DateTimeOffset now;

    /// <summary>One key every daemon's lines are sealed with (an installation from before per-daemon keys).</summary>
    /// <param name="k0">The chain key (32 bytes); copied, and zeroed on dispose.</param>
    /// <param name="heartbeatInterval">The senders' heartbeat interval; a tail may be at most twice this old.</param>
    /// <param name="now">The time the tail is judged against (normally the current time).</param>
    public AuditVerifier(ReadOnlySpan<byte> k0, TimeSpan heartbeatInterval, DateTimeOffset now)
        : this([AuditKey.Shared(k0)], heartbeatInterval, now, ownsKeys: true)
    {
    }

    /// <param name="keys">Every key the collector holds: each daemon's (several after a rotation). The caller disposes them.</param>
    public AuditVerifier(IReadOnlyList<AuditKey> keys, TimeSpan heartbeatInterval, DateTimeOffset now)
        : this(keys, heartbeatInterval, now, ownsKeys: false)
    {
    }

    private AuditVerifier(IReadOnlyList<AuditKey> keys, TimeSpan heartbeatInterval, DateTimeOffset now, bool ownsKeys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one chain key is needed.", nameof(keys));
        }
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(heartbeatInterval, TimeSpan.Zero);
        this.keys = [.. keys];
        this.ownsKeys = ownsKeys;
        this.heartbeatInterval = heartbeatInterval;
        this.now = now;
    }

    public static AuditVerifier FromKeyFile(string keyFile, TimeSpan heartbeatInterval, DateTimeOffset now)
    {
        using var key = AuditKey.FromFile(null, keyFile);
        return new AuditVerifier(key.Bytes, heartbeatInterval, now);
    }

    public AuditReport VerifyFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return Verify(stream);
    }

    public AuditReport Verify(Stream log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var run = new VerificationRun(keys, heartbeatInterval, now);
        try
        {
            var reader = new LineReader(log, MaxLineBytes);
            while (reader.Next(out var terminated, out var tooLong) is { } line)
            {
                run.Line(line, terminated, tooLong);
            }
            return run.Finish();
        }
        finally
        {
            run.Dispose();
        }
    }

    public void Dispose()
    {
        if (ownsKeys)
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
    }
}
