namespace PrivSepSigner.Cli.Operator.Backup;

/// <summary>
/// manifest.json of a backup: what it holds, each file's SHA-256 (checked before a restore uses
/// anything), and the facts a restore compares to refuse going back in time.
/// </summary>
internal sealed record BackupManifest
{
    public const int CurrentFormat = 1;

    public required int Format { get; init; }

    /// <summary>When the backup was made (ISO 8601 UTC).</summary>
    public required string CreatedAt { get; init; }

    /// <summary>The installation it was made of: its directory and its config.json (absolute).</summary>
    public required string SourceDirectory { get; init; }

    public required string SourceConfig { get; init; }

    /// <summary>"development" (DIR/config.json) or "production" (DIR/etc/privsep-signer/config.json).</summary>
    public required string Layout { get; init; }

    /// <summary>Whether secret files are in the backup (encrypted), or only named.</summary>
    public required bool WithKeys { get; init; }

    public required DatabaseFacts Database { get; init; }

    public required IReadOnlyList<BackupFile> Files { get; init; }
}
