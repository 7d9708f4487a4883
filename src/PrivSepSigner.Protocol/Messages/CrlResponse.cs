using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>A DER CRL (type 0x85).</summary>
[MessagePackObject]
public sealed class CrlResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>Name of the root.</summary>
    [Key(1)]
    public required string Root { get; init; }

    /// <summary>DER-encoded CertificateList (RFC 5280 5.1).</summary>
    [Key(2)]
    public required byte[] Crl { get; init; }

    /// <summary>This CRL's number (RFC 5280 5.2.3).</summary>
    [Key(3)]
    public required long CrlNumber { get; init; }

    /// <summary>For a delta CRL, the base it applies to; 0 for a full CRL.</summary>
    [Key(4)]
    public required long BaseCrlNumber { get; init; }

    /// <summary>nextUpdate of this CRL.</summary>
    [Key(5)]
    public required long NextUpdateUnixMs { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : Crl is null ? "crl"
        : null;
}
