namespace PrivSepSigner.Signer.State;

/// <summary>What the database knows of one serial under one root.</summary>
internal sealed record CertificateStatus(string SerialHex, DateTimeOffset NotAfter, DateTimeOffset? RevokedAt, int? Reason, DateTimeOffset? InvalidityDate = null);
