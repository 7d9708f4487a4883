using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>A root's CRL policy and, per key version, its current base and deltas (type 0x8D).</summary>
[MessagePackObject]
public sealed class CrlStatusResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>Name of the root.</summary>
    [Key(1)]
    public required string Root { get; init; }

    /// <summary>crl.validityHours: how long a full CRL is valid.</summary>
    [Key(2)]
    public required int ValidityHours { get; init; }

    /// <summary>crl.resignBeforeHours: a new full CRL is issued this long before the current one's nextUpdate.</summary>
    [Key(3)]
    public required int ResignBeforeHours { get; init; }

    /// <summary>crl.deltaValidityHours: how long a delta CRL is valid.</summary>
    [Key(4)]
    public required int DeltaValidityHours { get; init; }

    /// <summary>One entry per loaded key version of the root, the current one first.</summary>
    [Key(5)]
    public required CrlScopeStatus[] Versions { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : Versions is null ? "versions"
        : null;
}
