using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>One issued certificate as the signer's database records it (in list and show answers).</summary>
[MessagePackObject]
public sealed class CertificateSummary : IWireMessage
{
    /// <summary>Longest subject carried in a summary; a longer one is cut and ends with "...".</summary>
    public const int MaxSubjectLength = 1024;

    /// <summary>The root that issued it.</summary>
    [Key(0)]
    public required string Root { get; init; }

    /// <summary>Serial number, lowercase hex without leading zeros.</summary>
    [Key(1)]
    public required string SerialHex { get; init; }

    /// <summary>The profile it was issued under.</summary>
    [Key(2)]
    public required string Profile { get; init; }

    /// <summary>The subject distinguished name, as recorded (at most <see cref="MaxSubjectLength"/> characters).</summary>
    [Key(3)]
    public required string Subject { get; init; }

    /// <summary>notBefore, Unix ms.</summary>
    [Key(4)]
    public required long NotBeforeUnixMs { get; init; }

    /// <summary>notAfter, Unix ms.</summary>
    [Key(5)]
    public required long NotAfterUnixMs { get; init; }

    /// <summary>When the signer issued it, Unix ms (its own clock).</summary>
    [Key(6)]
    public required long IssuedAtUnixMs { get; init; }

    /// <summary>When it was revoked, Unix ms; 0 when it is not revoked.</summary>
    [Key(7)]
    public required long RevokedAtUnixMs { get; init; }

    /// <summary>RFC 5280 5.3.1 CRLReason of the revocation; -1 when it is not revoked.</summary>
    [Key(8)]
    public required int RevocationReason { get; init; }

    /// <summary>SHA-256 (lowercase hex) of the CA certificate that signed it (its root's key version).</summary>
    [Key(9)]
    public required string IssuerCertificateSha256 { get; init; }

    /// <summary>The DER certificate when the request asked for it, else nil.</summary>
    [Key(10)]
    public required byte[]? Certificate { get; init; }

    string? IWireMessage.FindMissingField() =>
        Root is null ? "root"
        : SerialHex is null ? "serialHex"
        : Profile is null ? "profile"
        : Subject is null ? "subject"
        : IssuerCertificateSha256 is null ? "issuerCertificateSha256"
        : null;
}
