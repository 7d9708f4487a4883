using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Asks for the CA's OpenPGP public key (type 0x07).</summary>
[MessagePackObject]
public sealed class PgpCaKeyRequest : IWireMessage, IRequestEnvelope
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
