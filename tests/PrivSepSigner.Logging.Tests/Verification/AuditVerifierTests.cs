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

    /// <summary>With each daemon's own key, as a collector holding both verifies.</summary>
    private static AuditReport VerifyWithDaemonKeys(IEnumerable<string> lines, DateTimeOffset now)
    {
        using var signer = AuditKey.For(DaemonNames.SignerKey, ChainedLog.Key);
        using var comm = AuditKey.For(DaemonNames.CommKey, ChainedLog.CommKey);
        using var verifier = new AuditVerifier([signer, comm], Heartbeat, now);
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

        // Reported where it is: at the line that follows the hole (seq 8, now the 8th line), not at line 1.
        Assert.Equal(8, gap.LineNumber);
    }

    [Fact]
    public void Deleted_head_is_a_gap()
    {
        var (log, now) = Intact();
        using var _ = log;
        var report = Verify(log.Lines.Skip(3), now);
        Assert.Equal(AuditFindingKind.Gap, Assert.Single(report.Findings).Kind);
    }

    /// <remarks>Line 0 is the boot's first: its edit is found once a later line shows the key is right.</remarks>
    [Theory]
    [InlineData("request 4", "request 5", 8)]
    [InlineData("<134>", "<131>", 8)]
    [InlineData("Z signer", "Z signex", 8)]
    [InlineData("RequestId=\"4\"", "RequestId=\"5\"", 8)]
    [InlineData("request 0", "request 7", 0)]
    public void Edited_line_is_modified(string from, string to, int index)
    {
        var (log, now) = Intact();
        using var _ = log;
        var lines = log.Lines.ToList();
        lines[index] = lines[index].Replace(from, to, StringComparison.Ordinal);
        var report = Verify(lines, now);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(AuditFindingKind.Modified, finding.Kind);
        Assert.Equal(index + 1, finding.LineNumber);
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
    public void A_wrong_key_is_named_as_such_not_every_line_modified()
    {
        var (log, now) = Intact();
        using var _ = log;
        using var verifier = new AuditVerifier(new byte[32], Heartbeat, now);
        var report = verifier.Verify(ChainedLog.ToStream(log.Lines));
        Assert.False(report.IsOk);
        var wrong = Assert.Single(report.Findings);
        Assert.Equal(AuditFindingKind.WrongKey, wrong.Kind);
        Assert.Equal(log.BootId, wrong.BootId);
        Assert.Contains("the key does not match this log", wrong.Detail, StringComparison.Ordinal);
        Assert.Contains("20 lines", wrong.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cleanly_stopped_installation_is_explained_not_a_truncated_tail()
    {
        var (log, _) = Intact();
        using var __ = log;
        log.Stop(T0.AddMinutes(10));
        var report = Verify(log.Lines, T0.AddDays(3));
        Assert.True(report.IsOk, report.Describe());
        var stopped = Assert.Single(report.Findings);
        Assert.Equal(AuditFindingKind.Stopped, stopped.Kind);
        Assert.Contains("privsep-signerd stopped cleanly", stopped.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_valid_line_with_one_sequence_number_fails()
    {
        // Whoever holds the chain key (the comm user did, while both units loaded one key)
        // writes the signer's next sequence numbers in the signer's boot: the real lines that
        // follow were reported as mere duplicates, and the log verified.
        var (log, now) = Intact();
        using var _ = log;
        var all = log.Lines.ToList();
        using var forger = new ChainedLog(bootId: log.BootId);
        forger.SkipTo(12, T0);
        forger.Audit(T0.AddMinutes(6).AddSeconds(1), 666);
        var lines = all.Take(12).Append(forger.Lines[0]).Concat(all.Skip(12)).ToList();
        var report = Verify(lines, now);
        Assert.False(report.IsOk, report.Describe());
        var conflict = Assert.Single(report.Findings, f => f.Kind == AuditFindingKind.Conflict);
        Assert.Equal(12UL, conflict.Sequence);
        Assert.Equal(14, conflict.LineNumber);
    }

    [Fact]
    public void A_second_boot_of_one_daemon_while_the_first_is_live_fails()
    {
        // A forged boot of the signer next to the running one: both chains verify on their own.
        var lines = new List<string>();
        using var real = new ChainedLog(lines: lines);
        using var forged = new ChainedLog(lines: lines);
        real.Audit(T0, 1);
        forged.Audit(T0.AddSeconds(1), 666);
        real.Heartbeat(T0.AddSeconds(30));
        forged.Heartbeat(T0.AddSeconds(31));
        var report = Verify(lines, T0.AddSeconds(40));
        Assert.False(report.IsOk, report.Describe());
        var overlap = Assert.Single(report.Findings, f => f.Kind == AuditFindingKind.OverlappingBoot);
        Assert.Equal(real.BootId, overlap.BootId);
        Assert.Equal(3, overlap.LineNumber);
    }

    [Fact]
    public void Lines_sealed_with_the_comm_key_in_the_signers_name_are_forgeries()
    {
        var lines = new List<string>();
        using var signer = new ChainedLog(lines: lines);
        using var comm = new ChainedLog(DaemonNames.Comm, ChainedLog.CommKey, lines: lines);
        using var forged = new ChainedLog(DaemonNames.Signer, ChainedLog.CommKey, lines: lines);
        signer.Audit(T0, 1);
        comm.Audit(T0, 2);
        forged.Audit(T0.AddSeconds(1), 666);
        signer.Heartbeat(T0.AddSeconds(2));
        comm.Heartbeat(T0.AddSeconds(2));

        var honest = VerifyWithDaemonKeys(lines.Where(l => !l.Contains("request 666", StringComparison.Ordinal)), T0.AddSeconds(3));
        Assert.True(honest.IsOk, honest.Describe());
        var report = VerifyWithDaemonKeys(lines, T0.AddSeconds(3));
        Assert.False(report.IsOk, report.Describe());
        var foreign = Assert.Single(report.Findings, f => f.Kind == AuditFindingKind.ForeignKey);
        Assert.Equal(forged.BootId, foreign.BootId);
        Assert.Contains("comm key", foreign.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_daemon_whose_lines_end_while_the_other_goes_on_is_a_truncated_tail()
    {
        var lines = new List<string>();
        using var signer = new ChainedLog(lines: lines);
        using var comm = new ChainedLog(DaemonNames.Comm, ChainedLog.CommKey, lines: lines);
        for (var i = 0; i < 10; i++)
        {
            comm.Heartbeat(T0.AddMinutes(i));
            if (i < 3)
            {
                signer.Heartbeat(T0.AddMinutes(i));
            }
        }

        var report = VerifyWithDaemonKeys(lines, T0.AddMinutes(9).AddSeconds(10));
        var tail = Assert.Single(report.Findings);
        Assert.Equal(AuditFindingKind.TruncatedTail, tail.Kind);
        Assert.Contains("privsep-signerd", tail.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rotated_key_verifies_the_boots_after_the_rotation()
    {
        var lines = new List<string>();
        var newKey = Enumerable.Range(0, 32).Select(i => (byte)(0x55 ^ i)).ToArray();
        using (var before = new ChainedLog(lines: lines))
        {
            before.Audit(T0, 1);
            before.Stop(T0.AddSeconds(1));
        }

        using var after = new ChainedLog(key: newKey, lines: lines);
        after.Audit(T0.AddSeconds(2), 2);
        using var oldKey = AuditKey.For(DaemonNames.SignerKey, ChainedLog.Key);
        using var rotated = AuditKey.For(DaemonNames.SignerKey, newKey);
        using var verifier = new AuditVerifier([oldKey, rotated], Heartbeat, T0.AddSeconds(3));
        var report = verifier.Verify(ChainedLog.ToStream(lines));
        Assert.True(report.IsOk, report.Describe());
        Assert.Equal(AuditFindingKind.Restart, Assert.Single(report.Findings).Kind);
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
