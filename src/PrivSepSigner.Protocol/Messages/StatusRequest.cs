using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Asks for the signer's health, clock and roots (type 0x03).</summary>
[MessagePackObject]
public sealed class StatusRequest : IWireMessage, IRequestEnvelope
{
    /// <summary>Caller-chosen id.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The front end's UTC clock, Unix milliseconds; the answer reports the offset.</summary>
    [Key(1)]
    public required long FrontEndTimeUnixMs { get; init; }

    string? IWireMessage.FindMissingField() => RequestId is null ? "requestId" : null;
}
