using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// One page of the issued certificates, in serial order after a cursor, optionally filtered
/// (type 0x0B). Keyset pagination: the answer's <see cref="ListCertificatesResponse.NextAfterSerialHex"/>
/// is the next request's <see cref="AfterSerialHex"/>, so each page costs the signer O(page),
/// however many certificates the CA holds.
/// </summary>
[MessagePackObject]
public sealed class ListCertificatesRequest : IWireMessage, IRequestEnvelope
{
    /// <summary>Caller-chosen id.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The front end's UTC clock, Unix milliseconds.</summary>
    [Key(1)]
    public required long FrontEndTimeUnixMs { get; init; }

    /// <summary>Only certificates of this root; nil: every root.</summary>
    [Key(2)]
    public required string? Root { get; init; }

    /// <summary>Only certificates of this profile; nil: every profile.</summary>
    [Key(3)]
    public required string? Profile { get; init; }

    /// <summary>Only certificates of this status at the signer's clock.</summary>
    [Key(4)]
    public required CertificateStatusFilter Status { get; init; }

    /// <summary>Only certificates whose notAfter is at or after this time, Unix ms; 0: no lower bound.</summary>
    [Key(5)]
    public required long NotAfterFromUnixMs { get; init; }

    /// <summary>Only certificates whose notAfter is before this time, Unix ms; 0: no upper bound.</summary>
    [Key(6)]
    public required long NotAfterUntilUnixMs { get; init; }

    /// <summary>The cursor: only serials after this one (in the listing's order); "" for the first page.</summary>
    [Key(7)]
    public required string AfterSerialHex { get; init; }

    /// <summary>At most this many certificates in the answer (1..<see cref="MessageValidator.MaxListPage"/>); the answer may hold fewer.</summary>
    [Key(8)]
    public required int Limit { get; init; }

    /// <summary>Whether each entry carries its DER certificate (for export); pages then hold fewer entries.</summary>
    [Key(9)]
    public required bool IncludeCertificates { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : AfterSerialHex is null ? "afterSerialHex"
        : null;
}
