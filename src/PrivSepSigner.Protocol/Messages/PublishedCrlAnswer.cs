using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// Spool-internal, never on the link (type 0xC5): the signer's answer to a CRL request, naming
/// the CRL it published as a file in spool/crl (docs/spool-format.md section 8) instead of
/// carrying it. The comm handler reads that file under the hostile-entry rules, checks its length
/// and SHA-256, and sends the front end the <see cref="CrlResponse"/> it makes up, in pieces when
/// it is large.
/// </summary>
[MessagePackObject]
public sealed class PublishedCrlAnswer : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>Name of the root.</summary>
    [Key(1)]
    public required string Root { get; init; }

    /// <summary>SHA-256 of the DER CRL, 64 lowercase hex digits: also the file's name in spool/crl.</summary>
    [Key(2)]
    public required string CrlSha256 { get; init; }

    /// <summary>Length of the DER CRL in bytes.</summary>
    [Key(3)]
    public required long CrlLength { get; init; }

    /// <summary>This CRL's number (RFC 5280 5.2.3).</summary>
    [Key(4)]
    public required long CrlNumber { get; init; }

    /// <summary>For a delta CRL, the base it applies to; 0 for a full CRL.</summary>
    [Key(5)]
    public required long BaseCrlNumber { get; init; }

    /// <summary>nextUpdate of this CRL.</summary>
    [Key(6)]
    public required long NextUpdateUnixMs { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Root is null ? "root"
        : CrlSha256 is null ? "crlSha256"
        : null;
}
