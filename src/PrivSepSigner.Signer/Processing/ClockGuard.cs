using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using Serilog;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// Compares the front end's clock (sent with every request) with the signer's own. The
/// signer never sets its clock from it: it records the offset, warns past one bound and keeps
/// signing, and refuses to sign only past a second, much larger one, so that an offline host
/// that drifts between visits is told about it long before it stops (issue 16 item 12). Each
/// episode (warning, refusing, back within bounds) is one audit line, not one per request; a
/// lasting warning is repeated hourly. An hourly history of the offsets is kept for `status`.
/// The two clocks are compared as sampled together: the front end's time against this host's
/// clock when the comm handler received the request (the spool entry's time, never later than
/// now), so a request that waited in the spool (the signer stopped, a backlog) is not skew.
/// </summary>
internal sealed class ClockGuard
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly TimeSpan warn;
    private readonly TimeSpan limit;
    private readonly ILogger log;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly Queue<ClockSample> history = new();
    private ClockSample? current;
    private string state = Ok;
    private DateTimeOffset nextReport = DateTimeOffset.MinValue;
    private DateTimeOffset nextWarning = DateTimeOffset.MinValue;

    public ClockGuard(TimeSpan warn, TimeSpan limit, ILogger log, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warn, limit);
        this.warn = warn;
        this.limit = limit;
        this.log = log;
        this.time = time ?? TimeProvider.System;
    }

    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Refusing = "refusing";

    public long LastOffsetMs { get; private set; }

    /// <summary>Records the offset; returns it (this host's clock minus the front end's, ms, both when the request was received).</summary>
    /// <param name="received">When the comm handler received the request; a time from the comm side later than now counts as now.</param>
    public long Observe(long frontEndUnixMs, DateTimeOffset received)
    {
        var now = time.GetUtcNow();
        var offset = (received < now ? received : now).ToUnixTimeMilliseconds() - frontEndUnixMs;
        lock (gate)
        {
            LastOffsetMs = offset;
            Record(now, offset);
            if (now >= nextReport)
            {
                // The offset is logged for the record (at most once a minute), never acted on beyond warning and refusing.
                nextReport = now.AddMinutes(1);
                log.Information("clock offset from the front end {OffsetMs} ms", offset);
            }

            var magnitude = Math.Abs(offset);
            var next = magnitude > limit.TotalMilliseconds ? Refusing : magnitude > warn.TotalMilliseconds ? Warning : Ok;
            if (next == Refusing && state != Refusing)
            {
                log.Error("audit: ALARM clock offset {OffsetMs} ms exceeds {LimitMs} ms; refusing to sign until it is back", offset, (long)limit.TotalMilliseconds);
            }
            else if (next == Warning && (state != Warning || now >= nextWarning))
            {
                nextWarning = now + Hour;
                log.Warning(
                    "audit: WARNING clock offset {OffsetMs} ms exceeds the warning bound {WarnMs} ms; still signing, refusing past {LimitMs} ms: correct this host's clock at the next visit (README, \"Correcting the signing host's clock\")",
                    offset, (long)warn.TotalMilliseconds, (long)limit.TotalMilliseconds);
            }
            else if (next == Ok && state != Ok)
            {
                log.Warning("audit: clock offset back within bounds ({OffsetMs} ms){Resumes}", offset, state == Refusing ? "; signing resumes" : "");
            }

            state = next;
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

    /// <summary>The thresholds, the state and the hourly history, oldest first (at most <see cref="ClockStatusResponse.MaxHistory"/> hours).</summary>
    public (string State, long WarnMs, long LimitMs, ClockSample[] History) Report()
    {
        lock (gate)
        {
            return (state, (long)warn.TotalMilliseconds, (long)limit.TotalMilliseconds, [.. history, .. current is null ? Array.Empty<ClockSample>() : [current]]);
        }
    }

    private void Record(DateTimeOffset now, long offset)
    {
        var hour = now.ToUnixTimeMilliseconds() / (long)Hour.TotalMilliseconds * (long)Hour.TotalMilliseconds;
        if (current is { } c && c.HourUnixMs == hour)
        {
            current = new ClockSample
            {
                HourUnixMs = hour,
                MinOffsetMs = Math.Min(c.MinOffsetMs, offset),
                MaxOffsetMs = Math.Max(c.MaxOffsetMs, offset),
                LastOffsetMs = offset,
                Observations = c.Observations == int.MaxValue ? int.MaxValue : c.Observations + 1,
            };
            return;
        }

        if (current is not null)
        {
            history.Enqueue(current);
            while (history.Count > ClockStatusResponse.MaxHistory - 1)
            {
                history.Dequeue();
            }
        }

        current = new ClockSample { HourUnixMs = hour, MinOffsetMs = offset, MaxOffsetMs = offset, LastOffsetMs = offset, Observations = 1 };
    }
}
