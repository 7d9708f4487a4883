using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// Asks for a new full CRL now (type 0x0F): "when an operator asks", and the legacy link's
/// revocation answer. If nothing was revoked since the newest full CRL, that one is the answer;
/// otherwise a new one is issued (answered RetryLater while it is being made). Answered with a <see cref="CrlResponse"/> (0x85), the one exception to "response = request | 0x80" (<see cref="MessageCodec.ResponseTypeFor"/>).
/// </summary>
[MessagePackObject]
public sealed class IssueCrlRequest : IWireMessage, IRequestEnvelope
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

    /// <summary>As <see cref="CrlRequest.IssuerCertificateSha256"/>: nil for the current key version.</summary>
    [Key(3)]
    public string? IssuerCertificateSha256 { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : null;
}
