using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Asks for a root's CA certificate (type 0x02).</summary>
[MessagePackObject]
public sealed class CaCertRequest : IWireMessage, IRequestEnvelope
{
    /// <summary>Caller-chosen id.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The front end's UTC clock, Unix milliseconds.</summary>
    [Key(1)]
    public required long FrontEndTimeUnixMs { get; init; }

    /// <summary>Name of the root.</summary>
    [Key(2)]
    public required string Root { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : null;
}
