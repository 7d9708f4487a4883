namespace PrivSepSigner.Issuance.Crl;

/// <summary>
/// One entry of a CRL (RFC 5280 5.1.2.6): a revoked certificate with its CRLReason (5.3.1,
/// none for unspecified) and, if known, the invalidity date (5.3.2); or, on a delta CRL, a
/// certificate released from hold, reason 8 (removeFromCRL) dated at its release.
/// </summary>
public sealed record CrlEntry(string SerialHex, DateTimeOffset RevokedAt, int Reason, DateTimeOffset? InvalidityDate = null);
