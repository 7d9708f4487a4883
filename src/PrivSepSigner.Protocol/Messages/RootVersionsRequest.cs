using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>A root's loaded key versions and their CA certificates (type 0x10; docs/key-management.md).</summary>
[MessagePackObject]
public sealed class RootVersionsRequest : IWireMessage, IRequestEnvelope
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

    /// <summary>Only the version whose CA certificate has this SHA-256 (64 lowercase hex); nil: every version.</summary>
    [Key(3)]
    public required string? IssuerCertificateSha256 { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : null;
}
