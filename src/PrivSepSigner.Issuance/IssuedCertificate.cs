namespace PrivSepSigner.Issuance;

/// <summary>A signed and verified certificate.</summary>
/// <param name="Der">The DER Certificate (RFC 5280 4.1).</param>
/// <param name="SerialHex">Serial number as minimal lowercase hex.</param>
/// <param name="SubjectDn">Subject as RFC 4514 text.</param>
/// <param name="NotBefore">Validity start.</param>
/// <param name="NotAfter">Validity end.</param>
/// <param name="SpkiSha256Hex">Lowercase hex SHA-256 of the subject's SubjectPublicKeyInfo.</param>
public sealed record IssuedCertificate(
    byte[] Der,
    string SerialHex,
    string SubjectDn,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string SpkiSha256Hex);
