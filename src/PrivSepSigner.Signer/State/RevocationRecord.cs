namespace PrivSepSigner.Signer.State;

/// <summary>A revocation as recorded: which certificate, when (the signer's clock), why (RFC 5280 5.3.1).</summary>
internal sealed record RevocationRecord(string Root, string SerialHex, DateTimeOffset RevokedAt, int Reason);
