using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>What became of each serial of a <see cref="RevokeBatchRequest"/> (type 0x8A).</summary>
[MessagePackObject]
public sealed class RevokeBatchResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>Name of the root.</summary>
    [Key(1)]
    public required string Root { get; init; }

    /// <summary>The revocation time of those revoked now (the signer's clock).</summary>
    [Key(2)]
    public required long RevokedAtUnixMs { get; init; }

    /// <summary>One result per requested serial, in the request's order.</summary>
    [Key(3)]
    public required SerialRevocation[] Results { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : Results is null ? "results"
        : null;
}
