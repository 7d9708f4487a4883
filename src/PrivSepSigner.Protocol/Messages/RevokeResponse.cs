using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Confirms a revocation (type 0x84).</summary>
[MessagePackObject]
public sealed class RevokeResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>Name of the root.</summary>
    [Key(1)]
    public required string Root { get; init; }

    /// <summary>The revoked serial.</summary>
    [Key(2)]
    public required string SerialHex { get; init; }

    /// <summary>Revocation time recorded by the signer (its own clock).</summary>
    [Key(3)]
    public required long RevokedAtUnixMs { get; init; }

    /// <summary>The recorded CRLReason.</summary>
    [Key(4)]
    public required int Reason { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : SerialHex is null ? "serialHex"
        : null;
}
