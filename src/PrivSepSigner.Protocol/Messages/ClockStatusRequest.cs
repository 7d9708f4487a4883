using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>The signer's view of the clocks (docs/protocol.md 6.13). Answered by <see cref="ClockStatusResponse"/>.</summary>
[MessagePackObject]
public sealed class ClockStatusRequest : IWireMessage, IRequestEnvelope
{
    /// <summary>Unique per request.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The front end's clock when sent (ms since 1970, UTC); it is observed like any other.</summary>
    [Key(1)]
    public required long FrontEndTimeUnixMs { get; init; }

    string? IWireMessage.FindMissingField() => RequestId is null ? "requestId" : null;
}
