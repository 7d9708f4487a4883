using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// Revokes many certificates of one root with one reason (type 0x0A): a key compromise or a
/// weak-key event (Debian 2008) revokes thousands at once. Answered per serial.
/// </summary>
[MessagePackObject]
public sealed class RevokeBatchRequest : IWireMessage, IRequestEnvelope
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

    /// <summary>RFC 5280 5.3.1 CRLReason for all of them, as <see cref="RevokeRequest.Reason"/>.</summary>
    [Key(3)]
    public required int Reason { get; init; }

    /// <summary>1..<see cref="MessageValidator.MaxBatchSerials"/> distinct serials, as <see cref="RevokeRequest.SerialHex"/>.</summary>
    [Key(4)]
    public required string[] Serials { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : Serials is null ? "serials"
        : null;
}
