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

    /// <summary>A daemon's last boot ended with its stop message and nothing came since: stopped, not cut off (information).</summary>
    Stopped,

    /// <summary>Sequence numbers missing that no sealed drop notice explains: deleted lines.</summary>
    Gap,

    /// <summary>A chained line whose MAC does not match: altered, or forged without the key.</summary>
    Modified,

    /// <summary>A line that claims to be chained but cannot be parsed.</summary>
    Malformed,

    /// <summary>The log ends too early: a daemon's last sealed line older than twice the heartbeat (and no stop), or cut mid-line.</summary>
    TruncatedTail,

    /// <summary>No line of a boot verifies with any key given for it: the key does not match this log.</summary>
    WrongKey,

    /// <summary>A boot sealed with another daemon's key: the comm key sealing lines that say privsep-signerd, say.</summary>
    ForeignKey,

    /// <summary>Two different valid lines with one seq in one boot: a holder of the chain key wrote the second.</summary>
    Conflict,

    /// <summary>A boot of a daemon wrote after a later boot of the same daemon had begun: one of the two is forged.</summary>
    OverlappingBoot,
}
