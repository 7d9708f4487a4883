using Serilog;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// Compares the front end's clock (sent with every request) with the signer's own. The
/// signer never sets its clock from it: it only records the offset, refuses to sign while
/// the offset exceeds the limit, and raises one alarm per episode rather than one per request.
/// The two are compared as sampled together: the front end's time against this host's clock
/// when the comm handler received the request (the spool entry's time, never later than now),
/// so a request that waited in the spool (the signer stopped, a backlog) is not taken for skew.
/// </summary>
internal sealed class ClockGuard
{
    private readonly TimeSpan limit;
    private readonly ILogger log;
    private readonly Lock gate = new();
    private bool alarmed;
    private DateTimeOffset nextReport = DateTimeOffset.MinValue;

    public ClockGuard(TimeSpan limit, ILogger log)
    {
        this.limit = limit;
        this.log = log;
    }

    public long LastOffsetMs { get; private set; }

    /// <summary>Records the offset; returns it (this host's clock minus the front end's, ms, both when the request was received).</summary>
    /// <param name="received">When the comm handler received the request; a time from the comm side later than now counts as now.</param>
    public long Observe(long frontEndUnixMs, DateTimeOffset received)
    {
        var now = DateTimeOffset.UtcNow;
        var offset = (received < now ? received : now).ToUnixTimeMilliseconds() - frontEndUnixMs;
        lock (gate)
        {
            LastOffsetMs = offset;
            if (DateTimeOffset.UtcNow >= nextReport)
            {
                // The offset is logged for the record (at most once a minute), never acted on beyond refusing.
                nextReport = DateTimeOffset.UtcNow.AddMinutes(1);
                log.Information("clock offset from the front end {OffsetMs} ms", offset);
            }

            var exceeded = Math.Abs(offset) > limit.TotalMilliseconds;
            if (exceeded && !alarmed)
            {
                alarmed = true;
                log.Error("audit: ALARM clock offset {OffsetMs} ms exceeds {LimitMs} ms; refusing to sign until it is back", offset, (long)limit.TotalMilliseconds);
            }
            else if (!exceeded && alarmed)
            {
                alarmed = false;
                log.Warning("audit: clock offset back within limit ({OffsetMs} ms); signing resumes", offset);
            }
        }

        return offset;
    }

    /// <summary>Records the offset and returns a refusal message when signing must not happen.</summary>
    public string? RefuseSigning(long frontEndUnixMs, DateTimeOffset received)
    {
        var offset = Observe(frontEndUnixMs, received);
        return Math.Abs(offset) > limit.TotalMilliseconds
            ? $"clock offset between signer and front end is {offset} ms, more than the {(long)limit.TotalMilliseconds} ms allowed; not signing"
            : null;
    }
}
