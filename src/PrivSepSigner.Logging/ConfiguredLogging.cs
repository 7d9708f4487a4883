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
            MacKeyFile = ResolveKey(daemon, config.MacKeyFile),
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

    /// <summary>
    /// "credential:NAME" is a systemd credential, resolved as every other secret the config names;
    /// "{daemon}" becomes the name of the daemon's own key (signer or comm), so each has its own.
    /// </summary>
    private static string? ResolveKey(string daemon, string? configured)
    {
        if (configured is null)
        {
            return null;
        }

        if (configured.Contains(LoggingConfig.DaemonPlaceholder, StringComparison.Ordinal))
        {
            var owner = DaemonNames.ChainKeyOf(daemon)
                ?? throw new ConfigurationException("logging.macKeyFile", $"{LoggingConfig.DaemonPlaceholder}: {daemon} is no daemon with a chain key of its own");
            configured = configured.Replace(LoggingConfig.DaemonPlaceholder, owner, StringComparison.Ordinal);
        }

        try
        {
            return SystemdCredentials.PathOf(configured);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new ConfigurationException("logging.macKeyFile", e.Message, e);
        }
    }
}
