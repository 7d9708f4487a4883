using System.Text;

namespace PrivSepSigner.Logging.Verification;

/// <summary>The verdict on one log file.</summary>
public sealed class AuditReport
{
    internal AuditReport(IReadOnlyList<AuditFinding> findings, long lines, long chainedLines, long unchainedLines, IReadOnlyList<string> bootIds, DateTimeOffset? lastSealed)
    {
        Findings = findings;
        Lines = lines;
        ChainedLines = chainedLines;
        UnchainedLines = unchainedLines;
        BootIds = bootIds;
        LastSealedTimestamp = lastSealed;
    }

    public IReadOnlyList<AuditFinding> Findings { get; }

    public long Lines { get; }

    /// <summary>Lines carrying a chain element (valid or not).</summary>
    public long ChainedLines { get; }

    /// <summary>Other programs' syslog lines on the same link; not covered by the chain.</summary>
    public long UnchainedLines { get; }

    /// <summary>Boot ids in order of first appearance.</summary>
    public IReadOnlyList<string> BootIds { get; }

    public DateTimeOffset? LastSealedTimestamp { get; }

    /// <summary>True when nothing was deleted, altered or cut off; restarts and reported drops are information.</summary>
    public bool IsOk => !Findings.Any(f => f.IsFailure);

    /// <summary>For `privsep-signer audit verify`: 0 only when <see cref="IsOk"/>, else 1.</summary>
    public int ExitCode => IsOk ? 0 : 1;

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(IsOk ? "OK" : "FAILED")
            .Append($": {Lines} lines, {ChainedLines} sealed, {UnchainedLines} unsealed, {BootIds.Count} boot(s)");
        if (LastSealedTimestamp is { } last)
        {
            text.Append($", last sealed line {last.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}");
        }
        text.AppendLine();
        foreach (var finding in Findings)
        {
            text.AppendLine(finding.ToString());
        }
        return text.ToString();
    }
}
