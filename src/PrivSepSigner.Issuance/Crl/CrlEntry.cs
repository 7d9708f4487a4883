namespace PrivSepSigner.Issuance.Crl;

/// <summary>One revoked certificate on a CRL (RFC 5280 5.1.2.6) with its CRLReason (5.3.1).</summary>
public sealed record CrlEntry(string SerialHex, DateTimeOffset RevokedAt, int Reason);
