namespace PrivSepSigner.Cli.Operator.Backup;

/// <summary>What the issuance database held: the newest issuance is what a restore must not go back before.</summary>
internal sealed record DatabaseFacts(long Certificates, string? NewestSerial, long NewestIssuedAtUnixMs, long Revocations);
