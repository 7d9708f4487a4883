using PrivSepSigner.Logging.Verification;

namespace PrivSepSigner.Logging.Tests.Verification;

public sealed class AuditVerifierTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(60);

    /// <summary>Ten audit lines and heartbeats over ten minutes; "now" is just after the last.</summary>
    private static (ChainedLog Log, DateTimeOffset Now) Intact()
    {
        var log = new ChainedLog();
        for (var i = 0; i < 10; i++)
        {
            log.Audit(T0.AddMinutes(i), i);
            log.Heartbeat(T0.AddMinutes(i).AddSeconds(30));
        }
        return (log, T0.AddMinutes(10));
    }

    private static AuditReport Verify(IEnumerable<string> lines, DateTimeOffset now)
    {
        using var verifier = new AuditVerifier(ChainedLog.Key, Heartbeat, now);
        return verifier.Verify(ChainedLog.ToStream(lines));
    }

    [Fact]
    public void Intact_log_is_ok()
    {
        var (log, now) = Intact();
        using var _ = log;
        var report = Verify(log.Lines, now);
        Assert.True(report.IsOk, report.Describe());
        Assert.Empty(report.Findings);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal(20, report.ChainedLines);
    }

    [Fact]
    public void Deleted_line_is_a_gap()
    {
        var (log, now) = Intact();
        using var _ = log;
        var lines = log.Lines.ToList();
        lines.RemoveAt(7);
        var report = Verify(lines, now);
        var gap = Assert.Single(report.Findings);
        Assert.Equal(AuditFindingKind.Gap, gap.Kind);
        Assert.Equal(7UL, gap.Sequence);
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public void Deleted_head_is_a_gap()
    {
        var (log, now) = Intact();
        using var _ = log;
        var report = Verify(log.Lines.Skip(3), now);
        Assert.Equal(AuditFindingKind.Gap, Assert.Single(report.Findings).Kind);
    }

    [Theory]
    [InlineData("request 4", "request 5")]
    [InlineData("<134>", "<131>")]
    [InlineData("Z signer", "Z signex")]
    [InlineData("RequestId=\"4\"", "RequestId=\"5\"")]
    public void Edited_line_is_modified(string from, string to)
    {
        var (log, now) = Intact();
        using var _ = log;
        var lines = log.Lines.ToList();
        lines[8] = lines[8].Replace(from, to, StringComparison.Ordinal);
        var report = Verify(lines, now);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(AuditFindingKind.Modified, finding.Kind);
        Assert.Equal(9, finding.LineNumber);
    }

    [Fact]
    public void Edited_sequence_number_is_detected()
    {
        var (log, now) = Intact();
        using var _ = log;
        var lines = log.Lines.ToList();
        lines[8] = lines[8].Replace("seq=\"8\"", "seq=\"30\"", StringComparison.Ordinal);
        var report = Verify(lines, now);
        Assert.Contains(report.Findings, f => f.Kind == AuditFindingKind.Modified);
        Assert.False(report.IsOk);
    }

    [Fact]
    public void Cut_off_tail_is_truncated()
    {
        var (log, now) = Intact();
        using var _ = log;
        var report = Verify(log.Lines.Take(12), now);
        Assert.Equal(AuditFindingKind.TruncatedTail, Assert.Single(report.Findings).Kind);
    }

    [Fact]
    public void Line_cut_in_the_middle_is_truncated()
    {
        var (log, now) = Intact();
        using var _ = log;
        var text = string.Concat(log.Lines.Select(l => l + "\n"));
        using var verifier = new AuditVerifier(ChainedLog.Key, Heartbeat, now);
        var report = verifier.Verify(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text[..^40])));
        Assert.Contains(report.Findings, f => f.Kind == AuditFindingKind.TruncatedTail);
    }

    [Fact]
    public void Restart_is_reported_and_ok()
    {
        var (log, _) = Intact();
        using var __ = log;
        var firstBoot = log.BootId;
        log.Stop(T0.AddMinutes(10));
        log.Restart();
        log.Audit(T0.AddMinutes(11), 99);
        var report = Verify(log.Lines, T0.AddMinutes(11));
        Assert.True(report.IsOk, report.Describe());
        var restart = Assert.Single(report.Findings);
        Assert.Equal(AuditFindingKind.Restart, restart.Kind);
        Assert.Equal(log.BootId, restart.BootId);
        Assert.Contains("after a clean stop", restart.Detail, StringComparison.Ordinal);
        Assert.Equal([firstBoot, log.BootId], report.BootIds);
    }

    [Fact]
    public void Wrong_key_fails_every_line()
    {
        var (log, now) = Intact();
        using var _ = log;
        using var verifier = new AuditVerifier(new byte[32], Heartbeat, now);
        var report = verifier.Verify(ChainedLog.ToStream(log.Lines));
        Assert.Equal(20, report.Findings.Count(f => f.Kind == AuditFindingKind.Modified));
    }

    [Fact]
    public void Other_programs_lines_and_prefixes_are_tolerated()
    {
        var (log, now) = Intact();
        using var _ = log;
        var lines = log.Lines.Select((l, i) => i % 2 == 0 ? "2024-05-01T12:00:00Z collector " + l : l).ToList();
        lines.Insert(3, "<38>1 2024-05-01T12:00:00Z signer sshd 1 - - Accepted publickey");
        lines.Insert(5, "kernel: something unrelated");
        var report = Verify(lines, now);
        Assert.True(report.IsOk, report.Describe());
        Assert.Equal(2, report.UnchainedLines);
    }

    [Fact]
    public void Mangled_chain_element_is_malformed_and_leaves_a_gap()
    {
        var (log, now) = Intact();
        using var _ = log;
        var lines = log.Lines.ToList();
        lines[4] = lines[4].Replace("mac=\"", "mac=\"zz", StringComparison.Ordinal);
        var report = Verify(lines, now);
        Assert.Contains(report.Findings, f => f.Kind == AuditFindingKind.Malformed);
        Assert.Contains(report.Findings, f => f.Kind == AuditFindingKind.Gap && f.Sequence == 4);
    }

    [Fact]
    public void Replayed_line_is_a_duplicate_only()
    {
        var (log, now) = Intact();
        using var _ = log;
        var lines = log.Lines.ToList();
        lines.Insert(10, lines[3]);
        var report = Verify(lines, now);
        Assert.True(report.IsOk, report.Describe());
        Assert.Equal(AuditFindingKind.Duplicate, Assert.Single(report.Findings).Kind);
    }

    [Fact]
    public void Drop_notice_explains_only_its_own_count()
    {
        using var log = new ChainedLog();
        log.Audit(T0, 0);
        log.Skip(T0);
        log.Skip(T0);
        log.Audit(T0, 3);
        log.Add(new PrivSepSigner.Logging.Format.Rfc5424Formatter("privsep-signerd", hostName: "signer", processId: 42)
            .FormatSynthetic(T0, Serilog.Events.LogEventLevel.Warning, "dropped",
                $"[chain@32473 boot=\"{log.BootId}\" seq=\"4\" mac=\"\"][dropped@32473 target=\"tty:/dev/ttyS1\" count=\"2\" first=\"1\" last=\"2\"]",
                "dropped 2 messages"));
        log.Heartbeat(T0.AddSeconds(1));
        var report = Verify(log.Lines, T0.AddSeconds(2));
        Assert.True(report.IsOk, report.Describe());
        Assert.Equal(AuditFindingKind.ReportedDrop, Assert.Single(report.Findings).Kind);

        var withDeletion = log.Lines.Where((_, i) => i != 1).ToList();
        var tampered = Verify(withDeletion, T0.AddSeconds(2));
        Assert.Contains(tampered.Findings, f => f.Kind == AuditFindingKind.Gap && f.Sequence == 1);
    }

    [Fact]
    public void Hostile_input_does_not_throw()
    {
        var junk = new List<string>
        {
            "<134>1 x",
            "<134>1 a b c d e [chain@32473 boot=\"0123456789abcdef\" seq=\"99999999999999999999\" mac=\"\"]",
            "<134>1 a b c d e [chain@32473 boot=\"0123456789abcdef\" seq=\"18446744073709551615\" mac=\"" + new string('a', 64) + "\"]",
            "<134>1 a b c d e [chain@32473 boot=\"0123456789abcdef\" seq=\"01\" mac=\"" + new string('a', 64) + "\"]",
            "<134>1 a b c d e [chain@32473 boot=\"0123456789abcdef\" seq=\"1\" seq=\"2\" mac=\"" + new string('a', 64) + "\"]",
            "<134>1 a b c d e [x@1 a=\"\\\"][chain@32473 boot=\"0123456789abcdef\"",
            new string('[', 70_000),
        };
        var report = Verify(junk, T0);
        Assert.False(report.IsOk);
        Assert.All(report.Findings, f => Assert.NotEqual(AuditFindingKind.Gap, f.Kind));
    }
}
