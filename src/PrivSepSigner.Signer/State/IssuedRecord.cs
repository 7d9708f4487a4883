namespace PrivSepSigner.Signer.State;

/// <summary>One issued certificate as the issuance database keeps it; <c>Issuer</c> is the SHA-256 of the CA certificate that signed it.</summary>
internal sealed record IssuedRecord(
    string SerialHex,
    string Root,
    string Issuer,
    string Profile,
    string RequestId,
    string Subject,
    string SpkiSha256Hex,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset IssuedAt,
    byte[] Der);
