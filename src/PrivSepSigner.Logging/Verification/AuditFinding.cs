namespace PrivSepSigner.Logging.Verification;

/// <summary>One finding, located by line number (1-based) and, where known, boot id and sequence number.</summary>
public sealed record AuditFinding(AuditFindingKind Kind, long LineNumber, string? BootId, ulong? Sequence, string Detail)
{
    public bool IsFailure => Kind >= AuditFindingKind.Gap;

    public override string ToString() =>
        $"{Kind} line {LineNumber}{(BootId is null ? "" : " boot " + BootId)}{(Sequence is null ? "" : " seq " + Sequence)}: {Detail}";
}
