using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>Asks for a root's current full CRL or, with Delta, a delta CRL (RFC 5280 5.2.4) (type 0x05).</summary>
[MessagePackObject]
public sealed class CrlRequest : IWireMessage, IRequestEnvelope
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

    /// <summary>True for a delta CRL against BaseCrlNumber (or the latest full CRL when 0).</summary>
    [Key(3)]
    public required bool Delta { get; init; }

    /// <summary>The full CRL number the front end holds; 0 when it holds none.</summary>
    [Key(4)]
    public required long BaseCrlNumber { get; init; }

    /// <summary>
    /// SHA-256 (lowercase hex) of the CA certificate of the key version whose CRL is wanted,
    /// for certificates a retired version issued; absent: the root's current version.
    /// </summary>
    [Key(5)]
    public string? IssuerCertificateSha256 { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : null;
}
