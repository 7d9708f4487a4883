namespace PrivSepSigner.Signer.State;

/// <summary>One issued certificate as listed for the operator; <c>Der</c> only when it was asked for.</summary>
internal sealed record ListedCertificate(
    string SerialHex,
    string Root,
    string Profile,
    string Subject,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset IssuedAt,
    DateTimeOffset? RevokedAt,
    int? Reason,
    string Issuer,
    byte[]? Der);
