using PrivSepSigner.Configuration;

namespace PrivSepSigner.Cli.Operator.Backup;

/// <summary>
/// Where an installation's files are: its config (DIR/config.json for a development
/// installation, DIR/etc/privsep-signer/config.json for a production root such as / or a
/// DESTDIR staging tree), and from the config its database, key directories and secrets.
/// </summary>
internal sealed record InstallationFiles(string Directory, string ConfigPath, string Layout, InstallationConfig Config)
{
    public const string Development = "development";
    public const string Production = "production";

    public string DatabasePath => Path.Combine(Config.StateDir, "issuance.db");

    public static InstallationFiles Locate(string dir)
    {
        var full = Path.GetFullPath(dir);
        foreach (var (config, layout) in new[] { (Path.Combine(full, "config.json"), Development), (Path.Combine(full, "etc", "privsep-signer", "config.json"), Production) })
        {
            if (File.Exists(config))
            {
                try
                {
                    return new InstallationFiles(full, config, layout, ConfigLoader.Load(config));
                }
                catch (ConfigurationException e)
                {
                    throw new InvalidDataException($"{config}: {e.Message}", e);
                }
            }
        }

        throw new UsageException($"{full}: no installation (neither config.json nor etc/privsep-signer/config.json)");
    }

    /// <summary>The OpenPGP secret key file and the retired ones a rotation kept beside it (FILE.N).</summary>
    public IEnumerable<string> OpenPgpKeyFiles()
    {
        if (Config.OpenPgpKeyFile is not { } current || !File.Exists(current))
        {
            yield break;
        }

        yield return current;
        var name = Path.GetFileName(current);
        foreach (var retired in System.IO.Directory.EnumerateFiles(Path.GetDirectoryName(current)!, name + ".*").Order(StringComparer.Ordinal))
        {
            var suffix = Path.GetFileName(retired) is { } n && n.Length > name.Length + 1 ? n[(name.Length + 1)..] : string.Empty;
            if (suffix.Length > 0 && suffix.All(char.IsAsciiDigit))
            {
                yield return retired;
            }
        }
    }

    /// <summary>
    /// The audit chain keys when they are files (a systemd credential is not the installation's
    /// to back up): one per daemon when the configured name holds the daemon placeholder.
    /// </summary>
    public IEnumerable<string> AuditKeyFiles()
    {
        if (Config.Logging.MacKeyFile is not { } k || k.StartsWith(ConfigLoader.CredentialPrefix, StringComparison.Ordinal))
        {
            yield break;
        }

        if (!k.Contains(LoggingConfig.DaemonPlaceholder, StringComparison.Ordinal))
        {
            yield return k;
            yield break;
        }

        foreach (var daemon in new[] { PrivSepSigner.Logging.DaemonNames.SignerKey, PrivSepSigner.Logging.DaemonNames.CommKey })
        {
            yield return k.Replace(LoggingConfig.DaemonPlaceholder, daemon, StringComparison.Ordinal);
        }
    }
}
