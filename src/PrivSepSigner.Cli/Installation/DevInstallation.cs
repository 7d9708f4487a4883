using PrivSepSigner.Configuration;
using PrivSepSigner.Policy;
using PrivSepSigner.Spool;

namespace PrivSepSigner.Cli.Installation;

/// <summary>
/// `init DIR`: a self-contained development installation owned by the invoking user:
/// config.json, spool/, state/, and for each root keys/NAME/key.pem (0600) and cert.pem.
/// Production installations use the install script and two Unix users instead.
/// </summary>
internal static class DevInstallation
{
    public const string ConfigFileName = "config.json";
    public const string LinkName = "link";

    public static string Create(string dir, DevInstallationOptions options)
    {
        var root = Path.GetFullPath(dir);
        if (File.Exists(Path.Combine(root, ConfigFileName)))
        {
            throw new UsageException($"{root} already holds an installation ({ConfigFileName} exists)");
        }

        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var keys = CreatePrivateDir(Path.Combine(root, "keys"));
        CreatePrivateDir(Path.Combine(root, "state"));
        new SpoolLayout(Path.Combine(root, "spool")).CreateForDevelopment();

        var roots = new List<RootConfig>();
        foreach (var spec in options.Roots)
        {
            var rootDir = CreatePrivateDir(Path.Combine(keys, spec.Name));
            DevCertificateAuthority.Create(spec, Path.Combine(rootDir, "key.pem"), Path.Combine(rootDir, "cert.pem"));
            roots.Add(new RootConfig
            {
                Name = spec.Name,
                KeyFile = Path.Combine("keys", spec.Name, "key.pem"),
                CertificateFile = Path.Combine("keys", spec.Name, "cert.pem"),
                Profiles = [.. DefaultProfiles.All.Keys.Order(StringComparer.Ordinal)],
                CrlUrl = $"http://pki.example.test/{spec.Name}.crl",
                CaIssuersUrl = $"http://pki.example.test/{spec.Name}.crt",
            });
        }

        // The stream that would go down the serial line to the log collector, and its first chain key.
        WriteSecretFile(Path.Combine(root, "audit.key"), Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
        var config = new SignerConfig
        {
            SpoolDir = "spool",
            StateDir = "state",
            Link = new LinkConfig { Kind = options.LinkKind, Path = LinkName },
            Roots = roots,
            // Server certificates also point at the delta CRL (RFC 5280 4.2.1.15).
            Profiles = DefaultProfiles.All.ToDictionary(p => p.Key, p => p.Key == "server" ? p.Value with { FreshestCrl = true } : p.Value, StringComparer.Ordinal),
            OpenPgpKeyFile = Path.Combine("keys", "openpgp", "secret.asc"),
            Crl = new CrlPolicyConfig { DeltaCrlUrl = "http://pki.example.test/{root}-delta.crl" },
            Logging = new LoggingConfig
            {
                MacKeyFile = "audit.key",
                Targets = [new LogTargetConfig { Kind = "file", Path = "syslog.out" }],
            },
        };
        var configPath = Path.Combine(root, ConfigFileName);
        File.WriteAllText(configPath, ConfigLoader.Serialize(config));
        _ = ConfigLoader.Load(configPath); // what init writes must load
        CreatePrivateDir(Path.Combine(keys, "openpgp"));
        Ceremony.OpenPgpKey(configPath, "PrivSepSigner Development CA <ca@pki.example.test>");
        return configPath;
    }

    private static void WriteSecretFile(string path, string text)
    {
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(file);
        writer.Write(text);
    }

    private static string CreatePrivateDir(string path)
    {
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
