using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using PrivSepSigner.Logging.Sinks;

namespace PrivSepSigner.Logging.Verification;

/// <summary>
/// One pass of <see cref="AuditVerifier"/> over one log: the boots and daemons seen so far and
/// the findings. Lines are fed in file order; <see cref="Finish"/> adds what only the whole log
/// shows (gaps, wrong keys, tails).
/// </summary>
internal sealed class VerificationRun(IReadOnlyList<AuditKey> keys, TimeSpan heartbeatInterval, DateTimeOffset now) : IDisposable
{
    private readonly List<AuditFinding> findings = [];
    private readonly Dictionary<string, BootRecord> boots = new(StringComparer.Ordinal);
    private readonly List<BootRecord> order = [];
    private readonly Dictionary<string, DaemonRecord> daemons = new(StringComparer.Ordinal);
    private readonly IncrementalHash fingerprint = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long lines;
    private long chained;
    private long unchained;
    private DateTimeOffset? lastSealed;

    public void Line(byte[] line, bool terminated, bool tooLong)
    {
        lines++;
        if (!terminated)
        {
            // rsyslog ends every line with LF; a last line without one was cut off.
            Add(AuditFindingKind.TruncatedTail, null, null, "last line has no LF: the file was cut mid-line");
            return;
        }
        if (tooLong)
        {
            Add(AuditFindingKind.Malformed, null, null, $"line longer than {AuditVerifier.MaxLineBytes} bytes");
            return;
        }
        var status = SyslogLineParser.Parse(line, out var parsed, out var error);
        if (status == LineParseStatus.Unchained)
        {
            unchained++;
            return;
        }
        chained++;
        if (status == LineParseStatus.Malformed || parsed is null)
        {
            Add(AuditFindingKind.Malformed, null, null, error ?? "unparseable chained line");
            return;
        }
        if (BootOf(parsed) is { } boot)
        {
            Check(boot, parsed);
        }
    }

    public AuditReport Finish()
    {
        foreach (var boot in order)
        {
            if (boot.Key is null)
            {
                ReportWrongKey(boot);
            }
            else
            {
                ReportGaps(boot);
            }
        }
        ReportTails();
        return new AuditReport(findings, lines, chained, unchained, order.Select(b => b.BootId).ToList(), lastSealed);
    }

    public void Dispose()
    {
        fingerprint.Dispose();
        foreach (var boot in order)
        {
            boot.Dispose();
        }
    }

    private BootRecord? BootOf(ParsedLine parsed)
    {
        if (boots.TryGetValue(parsed.BootId, out var boot))
        {
            return boot;
        }
        if (boots.Count == AuditVerifier.MaxBoots)
        {
            Add(AuditFindingKind.Malformed, parsed.BootId, parsed.Sequence, "too many boot ids");
            return null;
        }
        var claimedKey = parsed.Elements.FirstOrDefault(e => e.Id == ChainedSyslogSink.KeySdId)?.Parameters.GetValueOrDefault("id");
        boot = new BootRecord(parsed.BootId, parsed.AppName, lines, keys, claimedKey);
        boots.Add(parsed.BootId, boot);
        order.Add(boot);
        return boot;
    }

    private void Check(BootRecord boot, ParsedLine parsed)
    {
        boot.Lines++;
        if (parsed.Sequence > boot.Frontier + AuditVerifier.MaxSequenceJump)
        {
            Add(AuditFindingKind.Malformed, parsed.BootId, parsed.Sequence, "implausible sequence jump");
            return;
        }
        var print = Fingerprint(parsed);
        if (boot.TryGetAccepted(parsed.Sequence, out var first))
        {
            // An exact repeat of a verified line needs no key; anything else with its seq is a failure.
            if (first.Fingerprint == print)
            {
                Add(AuditFindingKind.Duplicate, parsed.BootId, parsed.Sequence, "valid line repeated");
            }
            else if (boot.Verify(parsed, out _))
            {
                Add(AuditFindingKind.Conflict, parsed.BootId, parsed.Sequence,
                    $"a second valid line with this seq (the first is line {first.LineNumber}): written by a holder of {boot.Key!.Description}, not by the daemon");
            }
            else
            {
                Add(AuditFindingKind.Modified, parsed.BootId, parsed.Sequence, "MAC mismatch: line altered or forged");
            }
            return;
        }

        // The claimed seq counts as present even if the MAC fails, so one edited line is one finding, not two.
        boot.MarkSeen(parsed.Sequence, lines);
        if (!boot.Verify(parsed, out var justBound))
        {
            if (boot.Key is null)
            {
                boot.Defer(lines);
            }
            else
            {
                Add(AuditFindingKind.Modified, parsed.BootId, parsed.Sequence, "MAC mismatch: line altered or forged");
            }
            return;
        }
        if (justBound)
        {
            Bound(boot);
        }
        if (parsed.AppName != boot.AppName)
        {
            Add(AuditFindingKind.Malformed, parsed.BootId, parsed.Sequence, $"a sealed line of boot {boot.BootId} ({boot.AppName}) names {parsed.AppName}");
        }
        boot.Accept(parsed.Sequence, print, lines);
        boot.LastMsgId = parsed.MsgId;
        if (boot.Foreign)
        {
            // A forgery in another daemon's name: reported once; it is no boot of that daemon.
            return;
        }
        Began(boot, parsed);
        if (parsed.Timestamp is { } time)
        {
            daemons[boot.AppName].LastTimestamp = time;
            lastSealed = time;
        }
        if (parsed.MsgId == ChainedSyslogSink.DroppedMsgId)
        {
            RecordDropNotice(boot, parsed);
        }
    }

    /// <summary>The boot's key is known: lines before that failed with it too; and it must be this daemon's key.</summary>
    private void Bound(BootRecord boot)
    {
        var listed = boot.TakeDeferred();
        foreach (var line in listed)
        {
            findings.Add(new(AuditFindingKind.Modified, line, boot.BootId, null, "MAC mismatch: line altered or forged"));
        }
        if (boot.DeferredCount > listed.Count)
        {
            Add(AuditFindingKind.Modified, boot.BootId, null, $"{boot.DeferredCount - listed.Count} more lines of this boot before its first valid one fail their MAC");
        }
        var key = boot.Key!;
        if (!key.MaySeal(boot.AppName))
        {
            boot.Foreign = true;
            Add(AuditFindingKind.ForeignKey, boot.BootId, null,
                $"lines that say {boot.AppName} are sealed with {key.Description}, which is not {boot.AppName}'s: forged by the holder of that key");
        }
    }

    /// <summary>Restarts, and a boot writing after a later boot of its daemon began.</summary>
    private void Began(BootRecord boot, ParsedLine parsed)
    {
        if (!daemons.TryGetValue(boot.AppName, out var daemon))
        {
            daemons[boot.AppName] = daemon = new DaemonRecord(boot.AppName);
        }
        if (!boot.Started)
        {
            boot.Started = true;
            if (daemon.Current is { } previous)
            {
                previous.Superseded = true;
                var ended = previous.LastMsgId == ChainedSyslogSink.StopMsgId ? "after a clean stop" : "without a stop message";
                Add(AuditFindingKind.Restart, boot.BootId, parsed.Sequence, $"new boot of {boot.AppName}; previous boot {previous.BootId} ended {ended}");
            }
            daemon.Current = boot;
            return;
        }
        if (boot.Superseded && !boot.OverlapReported)
        {
            boot.OverlapReported = true;
            Add(AuditFindingKind.OverlappingBoot, boot.BootId, parsed.Sequence,
                $"{boot.AppName} boot {boot.BootId} still writes after boot {daemon.Current!.BootId} of {boot.AppName} began: two instances sealing at once, one of them forged");
        }
    }

    /// <summary>Identifies a line's exact bytes from "&lt;PRI&gt;" on (a receive-time prefix may differ between copies).</summary>
    private UInt128 Fingerprint(ParsedLine parsed)
    {
        Span<byte> hash = stackalloc byte[32];
        fingerprint.AppendData(parsed.MacInput);
        fingerprint.AppendData(parsed.Mac);
        fingerprint.GetHashAndReset(hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    private void RecordDropNotice(BootRecord boot, ParsedLine parsed)
    {
        var element = parsed.Elements.FirstOrDefault(e => e.Id == ChainedSyslogSink.DroppedSdId);
        if (element is null
            || !element.Parameters.TryGetValue("count", out var countText) || !long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || !element.Parameters.TryGetValue("first", out var firstText) || !ulong.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !element.Parameters.TryGetValue("last", out var lastText) || !ulong.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || last < first)
        {
            // Sealed by the sender, so this is a sender bug, not tampering: report without excusing anything.
            Add(AuditFindingKind.ReportedDrop, parsed.BootId, parsed.Sequence, "drop notice without a usable range");
            return;
        }
        boot.DropNotices.Add((first, last, count));
        element.Parameters.TryGetValue("target", out var target);
        Add(AuditFindingKind.ReportedDrop, parsed.BootId, parsed.Sequence,
            $"sender reported {count} lines dropped for {target ?? "?"} between seq {first} and {last}");
    }

    /// <summary>
    /// Missing sequence numbers are deletions unless a sealed drop notice covers them: each
    /// notice excuses at most its count of missing numbers inside its own range. Gaps and
    /// notices are both walked in seq order, so this is linear in their number.
    /// </summary>
    private void ReportGaps(BootRecord boot)
    {
        var notices = boot.DropNotices.OrderBy(n => n.First).ToArray();
        var budget = notices.Select(n => n.Count).ToArray();
        var low = 0;
        foreach (var (first, last) in boot.Seen.Missing())
        {
            while (low < notices.Length && notices[low].Last < first)
            {
                low++;
            }
            var missing = last - first + 1;
            ulong excused = 0;
            for (var i = low; i < notices.Length && notices[i].First <= last && excused < missing; i++)
            {
                var from = Math.Max(first, notices[i].First);
                var to = Math.Min(last, notices[i].Last);
                if (from > to || budget[i] <= 0)
                {
                    continue;
                }
                var take = Math.Min(Math.Min(to - from + 1, (ulong)budget[i]), missing - excused);
                budget[i] -= (long)take;
                excused += take;
            }
            if (excused < missing)
            {
                findings.Add(new(AuditFindingKind.Gap, boot.LineOfRun(last + 1), boot.BootId, first,
                    $"seq {first}..{last} missing before this line ({missing - excused} of {missing} not explained by a drop notice): lines deleted"));
            }
        }
    }

    private void ReportWrongKey(BootRecord boot)
    {
        var given = keys.Where(k => k.MaySeal(boot.AppName)).Select(k => k.Description).ToList();
        var claimed = boot.ClaimedKeyId is { } id && keys.All(k => k.Id != id)
            ? $"; its start line names chain key id {id}, which none of the given keys has"
            : string.Empty;
        findings.Add(new(AuditFindingKind.WrongKey, boot.FirstLine, boot.BootId, null,
            $"the key does not match this log: none of the {boot.Lines} lines of {boot.AppName} boot {boot.BootId} verifies with "
            + (given.Count == 0 ? $"any given key (none is {DaemonNames.ChainKeyOf(boot.AppName) ?? boot.AppName}'s)" : string.Join(" or ", given))
            + claimed));
    }

    /// <summary>
    /// Heartbeats guarantee each running daemon a sealed line at least every interval, so a
    /// daemon whose last line is older than twice that was cut off, unless that line was its
    /// stop message: then it was stopped, which says so.
    /// </summary>
    private void ReportTails()
    {
        if (daemons.Count == 0)
        {
            if (!findings.Any(f => f.Kind == AuditFindingKind.WrongKey))
            {
                Add(AuditFindingKind.TruncatedTail, null, null, "no verifiable sealed line at all");
            }
            return;
        }
        foreach (var daemon in daemons.Values.OrderBy(d => d.AppName, StringComparer.Ordinal))
        {
            if (daemon.LastTimestamp is not { } last)
            {
                continue;
            }
            var age = now - last;
            if (age <= heartbeatInterval * 2)
            {
                continue;
            }
            var boot = daemon.Current!;
            var when = last.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            if (boot.LastMsgId == ChainedSyslogSink.StopMsgId)
            {
                Add(AuditFindingKind.Stopped, boot.BootId, null, $"{daemon.AppName} stopped cleanly at {when} (its stop message ends boot {boot.BootId}); nothing since, so the log is complete, not cut off");
                continue;
            }
            Add(AuditFindingKind.TruncatedTail, boot.BootId, null,
                string.Create(CultureInfo.InvariantCulture,
                    $"{daemon.AppName}'s last sealed line ({when}) is {age.TotalSeconds:F0}s old at {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, more than twice the {heartbeatInterval.TotalSeconds:F0}s heartbeat, and no stop message: cut off, or the daemon died"));
        }
    }

    private void Add(AuditFindingKind kind, string? bootId, ulong? sequence, string detail) =>
        findings.Add(new(kind, lines, bootId, sequence, detail));
}
