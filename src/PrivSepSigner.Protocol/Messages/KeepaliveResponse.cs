using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>The signer's clock and its offset from the front end's (type 0x88).</summary>
[MessagePackObject]
public sealed class KeepaliveResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The signer's UTC clock, Unix milliseconds.</summary>
    [Key(1)]
    public required long SignerTimeUnixMs { get; init; }

    /// <summary>Signer minus front end, milliseconds.</summary>
    [Key(2)]
    public required long ClockOffsetMs { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : null;
}
