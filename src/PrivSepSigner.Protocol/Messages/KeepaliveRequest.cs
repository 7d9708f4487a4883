using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Carries the front end's UTC time; the signer reports its clock offset and never sets its clock from it (type 0x08).</summary>
[MessagePackObject]
public sealed class KeepaliveRequest : IWireMessage, IRequestEnvelope
{
    /// <summary>Caller-chosen id.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The front end's UTC clock, Unix milliseconds.</summary>
    [Key(1)]
    public required long FrontEndTimeUnixMs { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : null;
}
