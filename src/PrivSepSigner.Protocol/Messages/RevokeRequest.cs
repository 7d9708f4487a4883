using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Revokes a certificate by serial under a root, with an RFC 5280 5.3.1 reason code (type 0x04).</summary>
[MessagePackObject]
public sealed class RevokeRequest : IWireMessage, IRequestEnvelope
{
    /// <summary>Caller-chosen id; resending with the same id is idempotent.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The front end's UTC clock, Unix milliseconds; used only to detect clock skew.</summary>
    [Key(1)]
    public required long FrontEndTimeUnixMs { get; init; }

    /// <summary>Name of the root that issued the certificate.</summary>
    [Key(2)]
    public required string Root { get; init; }

    /// <summary>Serial number, lowercase hexadecimal without leading zeros.</summary>
    [Key(3)]
    public required string SerialHex { get; init; }

    /// <summary>CRLReason (RFC 5280 5.3.1): 0 unspecified, 1 keyCompromise, 3 affiliationChanged, 4 superseded, 5 cessationOfOperation, 6 certificateHold, 9 privilegeWithdrawn.</summary>
    [Key(4)]
    public required int Reason { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : SerialHex is null ? "serialHex"
        : null;
}
