using PrivSepSigner.Configuration;

namespace PrivSepSigner.Logging;

/// <summary>Turns the config file's logging section into <see cref="LoggingOptions"/> for one daemon.</summary>
public static class ConfiguredLogging
{
    public static LoggingOptions Options(string daemon, LoggingConfig config)
    {
        ArgumentException.ThrowIfNullOrEmpty(daemon);
        ArgumentNullException.ThrowIfNull(config);
        return new LoggingOptions(daemon)
        {
            MacKeyFile = ResolveKey(config.MacKeyFile),
            HeartbeatInterval = TimeSpan.FromSeconds(config.HeartbeatSeconds),
            Targets = config.Targets.Select(t => t.Kind switch
            {
                "unix-datagram" => LogTargetOptions.UnixDatagram(t.Path!),
                "tty" => LogTargetOptions.Tty(t.Path!, t.Baud),
                "file" => LogTargetOptions.File(t.Path!),
                _ => LogTargetOptions.Stdout(),
            }).ToList(),
        };
    }

    /// <summary>"credential:NAME" is a systemd credential: $CREDENTIALS_DIRECTORY/NAME, never a path from elsewhere.</summary>
    private static string? ResolveKey(string? configured)
    {
        if (configured is null || !configured.StartsWith(ConfigLoader.CredentialPrefix, StringComparison.Ordinal))
        {
            return configured;
        }

        var name = configured[ConfigLoader.CredentialPrefix.Length..];
        var dir = Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY");
        if (string.IsNullOrEmpty(dir) || name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"logging.macKeyFile: credential \"{name}\" is not available ($CREDENTIALS_DIRECTORY unset or bad name)");
        }

        return Path.Combine(dir, name);
    }
}
