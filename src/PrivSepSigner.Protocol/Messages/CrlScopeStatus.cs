using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// One key version's CRLs in a <see cref="CrlStatusResponse"/>: its current full CRL (the base
/// a relying party should hold), the deltas issued since it, and what changed since it.
/// Numbers and times are 0 where there is no such CRL yet.
/// </summary>
[MessagePackObject]
public sealed class CrlScopeStatus : IWireMessage
{
    /// <summary>SHA-256 (lowercase hex) of the key version's CA certificate.</summary>
    [Key(0)]
    public required string IssuerCertificateSha256 { get; init; }

    /// <summary>The current full CRL's number.</summary>
    [Key(1)]
    public required long BaseNumber { get; init; }

    /// <summary>Its thisUpdate, Unix ms.</summary>
    [Key(2)]
    public required long BaseThisUpdateUnixMs { get; init; }

    /// <summary>Its nextUpdate, Unix ms.</summary>
    [Key(3)]
    public required long BaseNextUpdateUnixMs { get; init; }

    /// <summary>Delta CRLs issued against it.</summary>
    [Key(4)]
    public required int DeltasSinceBase { get; init; }

    /// <summary>The newest delta's number.</summary>
    [Key(5)]
    public required long LatestDeltaNumber { get; init; }

    /// <summary>Revocations (and changes of a revocation) since the base was made: what the next delta lists.</summary>
    [Key(6)]
    public required long ChangesSinceBase { get; init; }

    /// <summary>Certificates the base lists.</summary>
    [Key(7)]
    public required long BaseEntries { get; init; }

    string? IWireMessage.FindMissingField() => IssuerCertificateSha256 is null ? "issuerCertificateSha256" : null;
}
