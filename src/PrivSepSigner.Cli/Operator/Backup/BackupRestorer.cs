using PrivSepSigner.Posix.Files;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Configuration;
using PrivSepSigner.Spool;

namespace PrivSepSigner.Cli.Operator.Backup;

/// <summary>
/// `restore DEST NEWDIR`: a self-contained installation in NEWDIR (config.json, state/,
/// spool/, keys/) from a verified backup; `up NEWDIR` then serves the restored CA. It refuses a
/// backup older than what the target (an installation already in NEWDIR) or the installation
/// the backup came from has issued since: that state would forget those certificates (they
/// could never be revoked) and could hand their serials out again. --force overrides.
/// Secrets come from the backup (decrypted with the passphrase) or, for a backup made without
/// keys, from the source installation's files, which must still be there.
/// </summary>
internal sealed class BackupRestorer
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDir = Private | UnixFileMode.UserExecute;

    /// <summary>0644: the configuration holds no secret (keys and passphrases are files it names).</summary>
    private const UnixFileMode ConfigMode = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static string Restore(string backupDir, string newDir, byte[]? passphrase, bool force, TextWriter report)
    {
        var backup = BackupReader.Open(backupDir);
        var manifest = backup.Manifest;
        if (manifest.WithKeys && passphrase is null)
        {
            throw new UsageException("the backup holds encrypted keys: give --passphrase-file FILE");
        }

        var target = Path.GetFullPath(newDir);
        var targetConfig = Path.Combine(target, "config.json");
        if (File.Exists(targetConfig))
        {
            RefuseGoingBack("the installation in " + target, InstallationFiles.Locate(target).DatabasePath, manifest.Database, force);
        }
        else if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new UsageException($"{target}: not empty and not an installation");
        }

        if (File.Exists(manifest.SourceConfig) && Path.GetFullPath(manifest.SourceConfig) != targetConfig)
        {
            try
            {
                RefuseGoingBack("the installation this backup was made of, " + manifest.SourceDirectory, InstallationFiles.Locate(manifest.SourceDirectory).DatabasePath, manifest.Database, force);
            }
            catch (UnauthorizedAccessException)
            {
                report.WriteLine($"restore: cannot read the database of {manifest.SourceDirectory} to compare; going on");
            }
        }

        Directory.CreateDirectory(target, PrivateDir);
        Directory.CreateDirectory(Path.Combine(target, "state"), PrivateDir);
        Directory.CreateDirectory(Path.Combine(target, "keys"), PrivateDir);
        var spool = new SpoolLayout(Path.Combine(target, "spool"));
        if (!Directory.Exists(spool.Root))
        {
            spool.CreateForDevelopment();
        }

        var configFile = manifest.Files.Single(f => f.Kind == "config");
        var config = JsonNode.Parse(backup.Read(configFile))!.AsObject();
        var sourceConfig = ConfigLoader.Parse(config.ToJsonString(), Path.GetDirectoryName(manifest.SourceConfig)!);
        RestoreDatabase(backup, target);
        foreach (var file in manifest.Files.Where(f => f.Kind is not ("config" or "database")))
        {
            RestoreFile(backup, file, target, passphrase);
        }

        Relocate(config, sourceConfig, Path.GetDirectoryName(manifest.SourceConfig)!);
        DurableFile.Replace(targetConfig, System.Text.Encoding.UTF8.GetBytes(config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })), ConfigMode);
        _ = ConfigLoader.Load(targetConfig); // what restore writes must load
        if (!string.IsNullOrEmpty(sourceConfig.Users.Signer))
        {
            report.WriteLine($"restore: the config names the users {sourceConfig.Users.Comm}/{sourceConfig.Users.Signer}: give {target} their owners and modes (systemd/privsep-signer.tmpfiles.conf) before starting the daemons");
        }

        return targetConfig;
    }

    /// <summary>Refuses when <paramref name="database"/> issued after the backup's newest certificate (or holds more).</summary>
    private static void RefuseGoingBack(string what, string database, DatabaseFacts backup, bool force)
    {
        if (!File.Exists(database))
        {
            return;
        }

        var now = IssuanceDatabaseFile.Facts(database);
        if (now.NewestIssuedAtUnixMs <= backup.NewestIssuedAtUnixMs && now.Certificates <= backup.Certificates)
        {
            return;
        }

        var message = $"{what} has issued since this backup: {now.Certificates} certificates, the newest serial {now.NewestSerial} at {IsoTime.Of(now.NewestIssuedAtUnixMs)}; "
            + $"the backup has {backup.Certificates}, the newest at {IsoTime.OrNull(backup.NewestIssuedAtUnixMs) ?? "never"}. "
            + "Restoring it would forget those certificates and could issue their serials again";
        if (!force)
        {
            throw new InvalidDataException(message + " (--force does it anyway)");
        }
    }

    private static void RestoreDatabase(BackupReader backup, string target)
    {
        var db = Path.Combine(target, "state", "issuance.db");
        foreach (var stale in new[] { db + "-wal", db + "-shm", db + ".tmp" })
        {
            File.Delete(stale);
        }

        var bytes = backup.Read(backup.Manifest.Files.Single(f => f.Kind == "database"));
        DurableFile.Replace(db, bytes, Private);
    }

    private static void RestoreFile(BackupReader backup, BackupFile file, string target, byte[]? passphrase)
    {
        var relative = file.Kind == "secret" ? file.Path[..^".enc".Length] : file.Path;
        var path = Path.GetFullPath(Path.Combine(target, TargetPath(relative)));
        if (!path.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{BackupReader.ManifestName}: {file.Path} points outside the installation");
        }

        CreatePrivateDirectories(target, Path.GetDirectoryName(path)!);
        if (File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            File.Delete(path);
        }

        byte[] bytes;
        switch (file.Kind)
        {
            case "link":
                File.CreateSymbolicLink(path, file.Target!);
                return;
            case "secret":
                bytes = SecretBox.Open(backup.Read(file), passphrase!, relative);
                break;
            case "external":
                if (!File.Exists(file.Source))
                {
                    throw new InvalidDataException($"{relative}: the backup holds no keys and {file.Source} is gone; restore a backup made with --with-keys");
                }

                bytes = File.ReadAllBytes(file.Source);
                break;
            default:
                bytes = backup.Read(file);
                break;
        }

        try
        {
            DurableFile.CreateNew(path, bytes, (UnixFileMode)(file.Mode & 0x1B6) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Every missing directory from <paramref name="top"/> down to <paramref name="dir"/>, each 0700.</summary>
    private static void CreatePrivateDirectories(string top, string dir)
    {
        var current = top;
        foreach (var part in Path.GetRelativePath(top, dir).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            if (!Directory.Exists(current))
            {
                Directory.CreateDirectory(current, PrivateDir);
            }
        }
    }

    /// <summary>Where a backup path goes in the new installation.</summary>
    private static string TargetPath(string backupPath) => backupPath switch
    {
        _ when backupPath.StartsWith("openpgp/", StringComparison.Ordinal) => "keys/" + backupPath,
        _ when backupPath.StartsWith("audit/", StringComparison.Ordinal) => backupPath["audit/".Length..],
        _ => backupPath,
    };

    /// <summary>The config's paths, pointed into the new installation (what restore laid out) or made absolute (what it did not copy).</summary>
    private static void Relocate(JsonObject config, InstallationConfig source, string sourceDir)
    {
        config["spoolDir"] = "spool";
        config["stateDir"] = "state";
        var roots = config["roots"]!.AsArray();
        for (var i = 0; i < roots.Count; i++)
        {
            var root = roots[i]!.AsObject();
            root["keyDirectory"] = $"keys/{root["name"]!.GetValue<string>()}";
            if (source.Roots[i].PassphraseFile is { } pass && !pass.StartsWith(ConfigLoader.CredentialPrefix, StringComparison.Ordinal))
            {
                root["passphraseFile"] = Path.GetFullPath(pass, sourceDir);
            }
        }

        if (source.OpenPgpKeyFile is { } pgp)
        {
            config["openPgpKeyFile"] = $"keys/openpgp/{Path.GetFileName(pgp)}";
        }

        if (config["logging"] is JsonObject logging && source.Logging.MacKeyFile is { } macFile
            && !macFile.StartsWith(ConfigLoader.CredentialPrefix, StringComparison.Ordinal))
        {
            logging["macKeyFile"] = Path.GetFileName(macFile);
        }

        if (config["link"] is JsonObject link && source.Link.Kind is LinkKind.Unix or LinkKind.Pty)
        {
            link["path"] = "link";
        }

        if (config["pkcs11"] is JsonObject p11 && source.Pkcs11 is { } token)
        {
            p11["pinFile"] = token.PinFile.StartsWith(ConfigLoader.CredentialPrefix, StringComparison.Ordinal) ? token.PinFile : Path.GetFullPath(token.PinFile, sourceDir);
        }
    }
}
