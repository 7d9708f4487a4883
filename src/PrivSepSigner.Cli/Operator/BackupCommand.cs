using System.CommandLine;
using System.Globalization;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Cli.Operator.Backup;

namespace PrivSepSigner.Cli.Operator;

/// <summary>
/// `backup DIR DEST [--with-keys --passphrase-file FILE]` and `restore DEST NEWDIR [--passphrase-file FILE] [--force]`
/// (<see cref="BackupWriter"/>, <see cref="BackupRestorer"/>).
/// </summary>
internal static class BackupCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "the installation: a development one (DIR/config.json) or a production root (DIR/etc/privsep-signer/config.json); the daemons may be running" };
        var dest = new Argument<string>("DEST") { Description = "a new directory for the backup" };
        var withKeys = new Option<bool>("--with-keys") { Description = "also store the secret keys (CA keys, OpenPGP key, audit chain key), encrypted with the passphrase" };
        var passphrase = PassphraseOption("the passphrase (first line of FILE, at least 12 characters) the keys are encrypted with");
        var command = new Command("backup", "back up an installation: config, a consistent copy of the database, certificates, a manifest of SHA-256s; keys only with --with-keys, encrypted") { dir, dest, withKeys, passphrase };
        CrossChecks.Add(command, r =>
        {
            if (CrossChecks.Given(r, withKeys) != CrossChecks.Given(r, passphrase))
            {
                r.AddError("--with-keys and --passphrase-file go together");
            }
        });
        command.SetAction(CliApplication.Action(async (p, stdout, _) =>
        {
            var secret = p.GetValue(passphrase) is { } file ? BackupWriter.ReadPassphrase(file) : null;
            try
            {
                var manifest = BackupWriter.Write(p.GetRequiredValue(dir), p.GetRequiredValue(dest), secret);
                var external = manifest.Files.Count(f => f.Kind == "external");
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"backup of {manifest.SourceDirectory} ({manifest.Layout}) in {Path.GetFullPath(p.GetRequiredValue(dest))}: {manifest.Files.Count} files, {manifest.Database.Certificates} certificates, the newest issued {IsoTime.OrNull(manifest.Database.NewestIssuedAtUnixMs) ?? "never"}"));
                await stdout.WriteLineAsync(manifest.WithKeys
                    ? "keys: stored, encrypted with the passphrase"
                    : string.Create(CultureInfo.InvariantCulture, $"keys: not stored ({external} secret files named in the manifest; restore copies them from the installation while it exists)"));
                return 0;
            }
            finally
            {
                if (secret is not null)
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
                }
            }
        }));
        return command;
    }

    public static Command CreateRestore()
    {
        var backup = new Argument<string>("DEST") { Description = "the backup (made by backup)" };
        var newDir = new Argument<string>("NEWDIR") { Description = "where the installation goes: a new or empty directory, or an installation to replace" };
        var passphrase = PassphraseOption("the passphrase of a backup made with --with-keys");
        var force = new Option<bool>("--force") { Description = "restore even a backup older than what the target or the source installation issued since (their later certificates are forgotten)" };
        var command = new Command("restore", "restore a backup as a self-contained installation; `up NEWDIR` then serves the restored CA") { backup, newDir, passphrase, force };
        command.SetAction(CliApplication.Action(async (p, stdout, _) =>
        {
            var secret = p.GetValue(passphrase) is { } file ? BackupWriter.ReadPassphrase(file) : null;
            try
            {
                var config = BackupRestorer.Restore(p.GetRequiredValue(backup), p.GetRequiredValue(newDir), secret, p.GetValue(force), p.InvocationConfiguration.Error);
                await stdout.WriteLineAsync($"restored {config}");
                await stdout.WriteLineAsync($"start it with: privsep-signer up {Path.GetDirectoryName(config)}");
                return 0;
            }
            finally
            {
                if (secret is not null)
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
                }
            }
        }));
        return command;
    }

    private static Option<string> PassphraseOption(string description) => new("--passphrase-file") { HelpName = "FILE", Description = description };
}
