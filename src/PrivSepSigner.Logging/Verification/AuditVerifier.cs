using System.Globalization;
using System.Security.Cryptography;
using PrivSepSigner.Logging.Chain;
using PrivSepSigner.Logging.Sinks;

namespace PrivSepSigner.Logging.Verification;

/// <summary>
/// Collector side of the audit chain (`privsep-signer audit verify --key FILE LOGFILE`).
/// Reads a log as the shipped collector config writes it (deploy/rsyslog/collector.conf:
/// one raw RFC 5424 line per LF), recomputes each boot's key chain from k0, and reports
/// deleted lines (sequence gaps), altered lines (MAC mismatch), a cut-off tail, restarts,
/// and drops the sender itself reported. Other programs' lines are counted and ignored.
/// SECURITY: the file is hostile input; lines and boots are bounded, and seq values are
/// only trusted after their MAC checks out.
/// </summary>
public sealed class AuditVerifier : IDisposable
{
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>A sender drops at most its queue size at a time; a far larger jump is a forged seq.</summary>
    public const ulong MaxSequenceJump = 1UL << 24;

    private const int MaxBoots = 100_000;

    private readonly byte[] k0;
    private readonly TimeSpan heartbeatInterval;
    private readonly DateTimeOffset now;

    /// <param name="k0">The chain key (32 bytes); copied, and zeroed on dispose.</param>
    /// <param name="heartbeatInterval">The senders' heartbeat interval; the tail may be at most twice this old.</param>
    /// <param name="now">The time the tail is judged against (normally the current time).</param>
    public AuditVerifier(ReadOnlySpan<byte> k0, TimeSpan heartbeatInterval, DateTimeOffset now)
    {
        if (k0.Length != ChainCrypto.KeyBytes)
        {
            throw new ArgumentException($"The chain key must be {ChainCrypto.KeyBytes} bytes.", nameof(k0));
        }
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(heartbeatInterval, TimeSpan.Zero);
        this.k0 = k0.ToArray();
        this.heartbeatInterval = heartbeatInterval;
        this.now = now;
    }

    public static AuditVerifier FromKeyFile(string keyFile, TimeSpan heartbeatInterval, DateTimeOffset now)
    {
        var key = MacChain.LoadKey(keyFile);
        try
        {
            return new AuditVerifier(key, heartbeatInterval, now);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
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
        var findings = new List<AuditFinding>();
        var boots = new Dictionary<string, BootChain>(StringComparer.Ordinal);
        var order = new List<BootChain>();
        long lines = 0, chained = 0, unchained = 0;
        DateTimeOffset? lastSealed = null;
        var reader = new LineReader(log, MaxLineBytes);
        Span<byte> key = stackalloc byte[ChainCrypto.KeyBytes];
        Span<byte> mac = stackalloc byte[ChainCrypto.MacBytes];
        try
        {
            while (reader.Next(out var terminated, out var tooLong) is { } line)
            {
                lines++;
                if (!terminated)
                {
                    // rsyslog ends every line with LF; a last line without one was cut off.
                    findings.Add(new(AuditFindingKind.TruncatedTail, lines, null, null, "last line has no LF: the file was cut mid-line"));
                    continue;
                }
                if (tooLong)
                {
                    findings.Add(new(AuditFindingKind.Malformed, lines, null, null, $"line longer than {MaxLineBytes} bytes"));
                    continue;
                }
                var status = SyslogLineParser.Parse(line, out var parsed, out var error);
                if (status == LineParseStatus.Unchained)
                {
                    unchained++;
                    continue;
                }
                chained++;
                if (status == LineParseStatus.Malformed || parsed is null)
                {
                    findings.Add(new(AuditFindingKind.Malformed, lines, null, null, error ?? "unparseable chained line"));
                    continue;
                }
                if (!boots.TryGetValue(parsed.BootId, out var boot))
                {
                    if (boots.Count == MaxBoots)
                    {
                        findings.Add(new(AuditFindingKind.Malformed, lines, parsed.BootId, parsed.Sequence, "too many boot ids"));
                        continue;
                    }
                    boot = new BootChain(k0, parsed.BootId, lines);
                    if (order.Count > 0)
                    {
                        var previous = order[^1];
                        var ended = previous.LastMsgId == ChainedSyslogSink.StopMsgId ? "after a clean stop" : "without a stop message";
                        findings.Add(new(AuditFindingKind.Restart, lines, parsed.BootId, parsed.Sequence,
                            $"new boot; previous boot {previous.BootId} ended {ended}"));
                    }
                    boots.Add(parsed.BootId, boot);
                    order.Add(boot);
                }
                if (parsed.Sequence > boot.Frontier + MaxSequenceJump)
                {
                    findings.Add(new(AuditFindingKind.Malformed, lines, parsed.BootId, parsed.Sequence, "implausible sequence jump"));
                    continue;
                }
                boot.KeyFor(parsed.Sequence, key);
                ChainCrypto.Mac(key, parsed.BootId, parsed.Sequence, parsed.MacInput, mac);
                var alreadySeen = boot.Seen.Contains(parsed.Sequence);
                boot.Seen.Add(parsed.Sequence);
                if (!CryptographicOperations.FixedTimeEquals(mac, parsed.Mac))
                {
                    // The claimed seq counts as present, so one edited line is one finding, not two.
                    findings.Add(new(AuditFindingKind.Modified, lines, parsed.BootId, parsed.Sequence, "MAC mismatch: line altered or forged"));
                    continue;
                }
                if (alreadySeen)
                {
                    findings.Add(new(AuditFindingKind.Duplicate, lines, parsed.BootId, parsed.Sequence, "valid line repeated"));
                    continue;
                }
                boot.LastMsgId = parsed.MsgId;
                lastSealed = parsed.Timestamp ?? lastSealed;
                if (parsed.MsgId == ChainedSyslogSink.DroppedMsgId)
                {
                    RecordDropNotice(boot, parsed, lines, findings);
                }
            }

            foreach (var boot in order)
            {
                ReportGaps(boot, findings);
            }
            ReportTail(lastSealed, lines, findings);
            return new AuditReport(findings, lines, chained, unchained, order.Select(b => b.BootId).ToList(), lastSealed);
        }
        finally
        {
            foreach (var boot in order)
            {
                boot.Dispose();
            }
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(k0);

    private static void RecordDropNotice(BootChain boot, ParsedLine parsed, long lineNumber, List<AuditFinding> findings)
    {
        var element = parsed.Elements.FirstOrDefault(e => e.Id == ChainedSyslogSink.DroppedSdId);
        if (element is null
            || !element.Parameters.TryGetValue("count", out var countText) || !long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || !element.Parameters.TryGetValue("first", out var firstText) || !ulong.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !element.Parameters.TryGetValue("last", out var lastText) || !ulong.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || last < first)
        {
            // Sealed by the sender, so this is a sender bug, not tampering: report without excusing anything.
            findings.Add(new(AuditFindingKind.ReportedDrop, lineNumber, parsed.BootId, parsed.Sequence, "drop notice without a usable range"));
            return;
        }
        boot.DropNotices.Add((first, last, count));
        element.Parameters.TryGetValue("target", out var target);
        findings.Add(new(AuditFindingKind.ReportedDrop, lineNumber, parsed.BootId, parsed.Sequence,
            $"sender reported {count} lines dropped for {target ?? "?"} between seq {first} and {last}"));
    }

    /// <summary>
    /// Missing sequence numbers are deletions unless a sealed drop notice covers them: each
    /// notice excuses at most its count of missing numbers inside its own range.
    /// </summary>
    private static void ReportGaps(BootChain boot, List<AuditFinding> findings)
    {
        var budget = boot.DropNotices.Select(n => n.Count).ToArray();
        foreach (var (first, last) in boot.Seen.Missing())
        {
            var missing = last - first + 1;
            ulong excused = 0;
            for (var i = 0; i < boot.DropNotices.Count && excused < missing; i++)
            {
                var notice = boot.DropNotices[i];
                var from = Math.Max(first, notice.First);
                var to = Math.Min(last, notice.Last);
                if (from > to || budget[i] <= 0)
                {
                    continue;
                }
                var take = Math.Min(to - from + 1, (ulong)budget[i]);
                take = Math.Min(take, missing - excused);
                budget[i] -= (long)take;
                excused += take;
            }
            if (excused < missing)
            {
                findings.Add(new(AuditFindingKind.Gap, boot.FirstLine, boot.BootId, first,
                    $"seq {first}..{last} missing ({missing - excused} of {missing} not explained by a drop notice): lines deleted"));
            }
        }
    }

    /// <summary>
    /// Heartbeats guarantee a sealed line at least every interval, so a last sealed line older
    /// than twice the interval means the end of the log was cut off (or the sender went silent).
    /// </summary>
    private void ReportTail(DateTimeOffset? lastSealed, long lines, List<AuditFinding> findings)
    {
        if (lastSealed is null)
        {
            findings.Add(new(AuditFindingKind.TruncatedTail, lines, null, null, "no verifiable sealed line at all"));
            return;
        }
        var age = now - lastSealed.Value;
        if (age > heartbeatInterval * 2)
        {
            findings.Add(new(AuditFindingKind.TruncatedTail, lines, null, null,
                string.Create(CultureInfo.InvariantCulture,
                    $"last sealed line is {age.TotalSeconds:F0}s old at {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, more than twice the {heartbeatInterval.TotalSeconds:F0}s heartbeat")));
        }
    }
}
