namespace PrivSepSigner.Logging.Verification;

/// <summary>What the verifier found. Kinds from <see cref="Gap"/> on make a log fail verification.</summary>
public enum AuditFindingKind
{
    /// <summary>A new boot id: the daemon restarted and began a new chain from k0 (information).</summary>
    Restart,

    /// <summary>The sender itself reported, in a sealed notice, lines it dropped on a full queue (information).</summary>
    ReportedDrop,

    /// <summary>A valid line seen twice, e.g. resent by a queue after a crash (information).</summary>
    Duplicate,

    /// <summary>Sequence numbers missing that no sealed drop notice explains: deleted lines.</summary>
    Gap,

    /// <summary>A chained line whose MAC does not match: altered, or forged without the key.</summary>
    Modified,

    /// <summary>A line that claims to be chained but cannot be parsed.</summary>
    Malformed,

    /// <summary>The log ends too early: last sealed line older than twice the heartbeat, or cut mid-line.</summary>
    TruncatedTail,
}
