using PrivSepSigner.Spool.Format;

namespace PrivSepSigner.Spool.Reading;

/// <summary>What a reader demands of every entry file before it reads a byte of it.</summary>
public sealed record SpoolReaderOptions
{
    /// <summary>The uid of the peer that writes this directory.</summary>
    public required uint ExpectedOwnerUid { get; init; }

    /// <summary>Exact permission bits (mode &amp; 07777), e.g. 0640 = 0x1A0.</summary>
    public required int ExpectedMode { get; init; }

    /// <summary>Largest file accepted; never more than the format allows.</summary>
    public long MaxBytes { get; init; } = SpoolLimits.MaxEntryBytes;

    /// <summary>Longest message body accepted (<see cref="SpoolLimits.MaxAnswerItemBody"/> at most, for the outbox).</summary>
    public int MaxItemBody { get; init; } = SpoolLimits.MaxItemBody;

    /// <summary>Quarantined entries kept; the oldest beyond this are deleted.</summary>
    public int MaxQuarantined { get; init; } = SpoolLimits.MaxQuarantined;
}
