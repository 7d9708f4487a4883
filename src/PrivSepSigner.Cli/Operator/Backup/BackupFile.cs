namespace PrivSepSigner.Cli.Operator.Backup;

/// <summary>One file: where it is in the backup, where it came from, its kind, its hash (of the bytes stored) and mode.</summary>
/// <param name="Kind">config, database, public (certificates, requests, token references), secret (stored encrypted), external (a secret left out: only its source is named), link (a symbolic link; Target).</param>
internal sealed record BackupFile(string Path, string Source, string Kind, string? Sha256, long Size, int Mode, string? Target);
