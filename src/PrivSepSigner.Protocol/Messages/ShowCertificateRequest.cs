using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>One issued certificate by root and serial: its record and its DER (type 0x0C).</summary>
[MessagePackObject]
public sealed class ShowCertificateRequest : IWireMessage, IRequestEnvelope
{
    /// <summary>Caller-chosen id.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The front end's UTC clock, Unix milliseconds.</summary>
    [Key(1)]
    public required long FrontEndTimeUnixMs { get; init; }

    /// <summary>Name of the root that issued it.</summary>
    [Key(2)]
    public required string Root { get; init; }

    /// <summary>Serial number, lowercase hex without leading zeros.</summary>
    [Key(3)]
    public required string SerialHex { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : SerialHex is null ? "serialHex"
        : null;
}
