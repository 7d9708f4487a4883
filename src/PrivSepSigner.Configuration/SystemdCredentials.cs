namespace PrivSepSigner.Configuration;

/// <summary>
/// Where a configured secret lives. "credential:NAME" is a systemd credential
/// (LoadCredential= / LoadCredentialEncrypted=): the file NAME under $CREDENTIALS_DIRECTORY, a
/// private ramfs only the service can read. Anything else is a path (development installs).
/// The one resolver for every secret the config names: CA key passphrases, the PKCS#11 PIN,
/// the log chain key.
/// </summary>
public static class SystemdCredentials
{
    /// <summary>The environment variable systemd sets for a unit with credentials.</summary>
    public const string DirectoryVariable = "CREDENTIALS_DIRECTORY";

    /// <summary>The file a configured secret names: a credential's path, or the configured path itself.</summary>
    /// <exception cref="ArgumentException">The credential name is a path.</exception>
    /// <exception cref="InvalidOperationException">The credential directory is unset, relative or missing.</exception>
    public static string PathOf(string configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        return configured.StartsWith(ConfigLoader.CredentialPrefix, StringComparison.Ordinal)
            ? Resolve(configured[ConfigLoader.CredentialPrefix.Length..])
            : configured;
    }

    /// <summary>
    /// The path of credential <paramref name="name"/>: $CREDENTIALS_DIRECTORY/name. Refuses a
    /// name that is a path (so a config cannot point outside the credential directory) and an
    /// unset or missing directory.
    /// </summary>
    public static string Resolve(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal) || name is "." or "..")
        {
            throw new ArgumentException($"credential name \"{name}\" must be a plain file name (no '/'), as given to systemd LoadCredential=", nameof(name));
        }

        var dir = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(dir))
        {
            throw new InvalidOperationException(
                $"credential \"{name}\": ${DirectoryVariable} is not set; run the daemon under systemd with LoadCredential={name}:<file> (secrets are accepted from no other source)");
        }

        if (!Path.IsPathFullyQualified(dir))
        {
            throw new InvalidOperationException($"credential \"{name}\": ${DirectoryVariable} \"{dir}\" is not an absolute path");
        }

        if (!Directory.Exists(dir))
        {
            throw new InvalidOperationException($"credential \"{name}\": ${DirectoryVariable} \"{dir}\" does not exist");
        }

        return Path.Join(dir, name);
    }
}
