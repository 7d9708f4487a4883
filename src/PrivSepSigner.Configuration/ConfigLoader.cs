using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace PrivSepSigner.Configuration;

/// <summary>
/// Reads and checks the configuration file. Unknown fields are errors (a typo must not
/// silently disable a restriction); every failure names the field. Profile semantics
/// (key usages, limits) are checked again by the signer when it builds its profiles.
/// </summary>
public static partial class ConfigLoader
{
    /// <summary>Largest config file accepted; a config is a few KiB.</summary>
    public const int MaxConfigBytes = 1024 * 1024;

    /// <summary>A secret file given as "credential:NAME" is a systemd credential ($CREDENTIALS_DIRECTORY/NAME).</summary>
    public const string CredentialPrefix = "credential:";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,

        // Enum values are parsed here, once, from the file's strings; the daemons compare enums.
        Converters =
        {
            new ConfigSpellingConverter<LinkKind>(ConfigSpellings.LinkKinds),
            new ConfigSpellingConverter<LinkProtocol>(ConfigSpellings.LinkProtocols),
        },
    };

    /// <summary>Names of roots and profiles: they appear in protocol fields, paths and logs.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    public static partial Regex NamePattern();

    public static InstallationConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new ConfigurationException(full, "file not found");
        }

        if (info.Length > MaxConfigBytes)
        {
            throw new ConfigurationException(full, $"larger than {MaxConfigBytes} bytes");
        }

        return Parse(File.ReadAllText(full), Path.GetDirectoryName(full)!);
    }

    /// <summary>Parses config text; relative paths are resolved against <paramref name="baseDir"/>.</summary>
    public static InstallationConfig Parse(string json, string baseDir)
    {
        InstallationConfig? raw;
        try
        {
            raw = JsonSerializer.Deserialize<InstallationConfig>(json, Options);
        }
        catch (JsonException e)
        {
            throw new ConfigurationException(e.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : "(file)", e.Message, e);
        }

        if (raw is null)
        {
            throw new ConfigurationException("(file)", "empty document");
        }

        var config = Resolve(raw, baseDir);
        Validate(config);
        return config;
    }

    public static string Serialize(InstallationConfig config) => JsonSerializer.Serialize(config, Options);

    private static InstallationConfig Resolve(InstallationConfig c, string baseDir)
    {
        string Abs(string p) => Path.GetFullPath(p, baseDir);
        string? Secret(string? p) => p is null or { Length: 0 } || p.StartsWith(CredentialPrefix, StringComparison.Ordinal) ? p : Abs(p);
        return c with
        {
            SpoolDir = Abs(c.SpoolDir),
            StateDir = Abs(c.StateDir),
            Link = c.Link with { Path = c.Link.Kind == LinkKind.Tty ? c.Link.Path : Abs(c.Link.Path) },
            Roots = c.Roots.Select(r => r with { KeyDirectory = Abs(r.KeyDirectory), PassphraseFile = Secret(r.PassphraseFile) }).ToList(),
            Pkcs11 = c.Pkcs11 is { } p11 ? p11 with { PinFile = Secret(p11.PinFile)! } : null,
            OpenPgpKeyFile = c.OpenPgpKeyFile is { Length: > 0 } pgp ? Abs(pgp) : null,
            Logging = c.Logging with
            {
                MacKeyFile = Secret(c.Logging.MacKeyFile),
                Targets = c.Logging.Targets.Select(t => t.Kind == "file" && t.Path is not null ? t with { Path = Abs(t.Path) } : t).ToList(),
            },
        };
    }

    private static void Validate(InstallationConfig c)
    {
        if (c.Logging.MacKeyFile is { } macKey && macKey.Replace(LoggingConfig.DaemonPlaceholder, string.Empty, StringComparison.Ordinal).IndexOfAny(['{', '}']) >= 0)
        {
            throw new ConfigurationException("logging.macKeyFile", $"the only placeholder is {LoggingConfig.DaemonPlaceholder} (replaced by signer or comm)");
        }

        if (c.Logging.HeartbeatSeconds is < 1 or > 86400)
        {
            throw new ConfigurationException("logging.heartbeatSeconds", "out of range 1..86400");
        }

        for (var i = 0; i < c.Logging.Targets.Count; i++)
        {
            var t = c.Logging.Targets[i];
            if (t.Kind is not ("unix-datagram" or "tty" or "file" or "stdout"))
            {
                throw new ConfigurationException($"logging.targets[{i}].kind", "must be unix-datagram, tty, file or stdout");
            }

            if (t.Kind != "stdout" && string.IsNullOrEmpty(t.Path))
            {
                throw new ConfigurationException($"logging.targets[{i}].path", "is required for this kind");
            }
        }

        if (c.KeyReloadSeconds is < 1 or > 3600)
        {
            throw new ConfigurationException("keyReloadSeconds", "out of range 1..3600");
        }

        if (c.Pkcs11 is { } p11 && (!Path.IsPathFullyQualified(p11.Module) || p11.TokenLabel.Length is 0 or > 32 || p11.PinFile.Length == 0))
        {
            throw new ConfigurationException("pkcs11", "module must be an absolute path, tokenLabel 1..32 characters, pinFile set");
        }

        foreach (var (number, name) in c.Legacy.Roots)
        {
            if (!byte.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                throw new ConfigurationException($"legacy.roots.{number}", "keys are root numbers 0..255");
            }

            if (!c.Roots.Any(r => r.Name == name))
            {
                throw new ConfigurationException($"legacy.roots.{number}", $"unknown root \"{name}\"");
            }
        }

        foreach (var (number, name) in c.Legacy.Profiles)
        {
            if (!byte.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                throw new ConfigurationException($"legacy.profiles.{number}", "keys are profile numbers 0..255");
            }

            if (!c.Profiles.ContainsKey(name))
            {
                throw new ConfigurationException($"legacy.profiles.{number}", $"unknown profile \"{name}\"");
            }
        }

        if (c.Legacy.ReplayWindowSeconds is < 1 or > 86_400)
        {
            // A resend after a lost answer comes within seconds or minutes; a renewal of the same CSR must not wait days.
            throw new ConfigurationException("legacy.replayWindowSeconds", "out of range 1..86400 (seconds a resend gets the stored answer)");
        }

        if (c.Link.Baud is < 1200 or > 4_000_000)
        {
            throw new ConfigurationException("link.baud", "out of range 1200..4000000");
        }

        if (c.Link.MaxConnections is < 1 or > 1024)
        {
            throw new ConfigurationException("link.maxConnections", "out of range 1..1024");
        }

        if (c.Link.IdleTimeoutSeconds is < 1 or > 86400 || c.Link.IdleTimeoutSeconds <= c.Limits.AnswerTimeoutSeconds)
        {
            throw new ConfigurationException("link.idleTimeoutSeconds", "must be 1..86400 and more than limits.answerTimeoutSeconds (a front end waiting for its answer is not idle)");
        }

        if (c.Limits.MaxPendingEntries is < 1 or > 1_000_000)
        {
            throw new ConfigurationException("limits.maxPendingEntries", "out of range 1..1000000");
        }

        if (c.Limits.MaxPendingBytes is < 65536 or > 64L * 1024 * 1024 * 1024)
        {
            throw new ConfigurationException("limits.maxPendingBytes", "out of range 64 KiB..64 GiB");
        }

        if (c.Limits.AnswerTimeoutSeconds is < 1 or > 3600)
        {
            throw new ConfigurationException("limits.answerTimeoutSeconds", "out of range 1..3600");
        }

        if (c.Time.MaxOffsetSeconds is < 1 or > 86400)
        {
            throw new ConfigurationException("time.maxOffsetSeconds", "out of range 1..86400");
        }

        if (c.Time.WarnOffsetSeconds is { } warn && (warn < 1 || warn > c.Time.MaxOffsetSeconds))
        {
            throw new ConfigurationException("time.warnOffsetSeconds", $"out of range 1..time.maxOffsetSeconds ({c.Time.MaxOffsetSeconds})");
        }

        if (c.Time.BackdateSeconds is < 0 or > 86400)
        {
            throw new ConfigurationException("time.backdateSeconds", "out of range 0..86400");
        }

        if (c.Crl.ValidityHours is < 1 or > 24 * 366)
        {
            throw new ConfigurationException("crl.validityHours", "out of range 1..8784");
        }

        if (c.Crl.ResignBeforeHours < 0 || c.Crl.ResignBeforeHours >= c.Crl.ValidityHours)
        {
            throw new ConfigurationException("crl.resignBeforeHours", "must be >= 0 and less than crl.validityHours");
        }

        if (c.Crl.DeltaValidityHours < 1 || c.Crl.DeltaValidityHours > c.Crl.ValidityHours)
        {
            throw new ConfigurationException("crl.deltaValidityHours", "must be 1..crl.validityHours");
        }

        if (c.Crl.ExpiredLookbackDays is < 0 or > 3650)
        {
            throw new ConfigurationException("crl.expiredLookbackDays", "out of range 0..3650");
        }

        // The signer compares lowercase hex; any other spelling would silently block nothing.
        for (var i = 0; i < c.BlockedSpkiSha256.Count; i++)
        {
            if (c.BlockedSpkiSha256[i] is not { Length: 64 } hash || !hash.All(char.IsAsciiHexDigitLower))
            {
                throw new ConfigurationException($"blockedSpkiSha256[{i}]", "must be 64 lowercase hex digits: the SHA-256 of the key's DER SubjectPublicKeyInfo (openssl pkey -pubin -outform DER | sha256sum)");
            }
        }

        if (c.Profiles.Count == 0)
        {
            throw new ConfigurationException("profiles", "at least one profile is required");
        }

        foreach (var name in c.Profiles.Keys)
        {
            RequireName($"profiles.{name}", name);
        }

        if (c.Roots.Count == 0)
        {
            throw new ConfigurationException("roots", "at least one root is required");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < c.Roots.Count; i++)
        {
            var root = c.Roots[i];
            var field = $"roots[{i}]";
            RequireName($"{field}.name", root.Name);
            if (!seen.Add(root.Name))
            {
                throw new ConfigurationException($"{field}.name", $"duplicate root \"{root.Name}\"");
            }

            if (root.Profiles.Count == 0)
            {
                throw new ConfigurationException($"{field}.profiles", "at least one profile is required");
            }

            foreach (var p in root.Profiles)
            {
                if (!c.Profiles.ContainsKey(p))
                {
                    throw new ConfigurationException($"{field}.profiles", $"unknown profile \"{p}\"");
                }
            }
        }
    }

    private static void RequireName(string field, string value)
    {
        if (!NamePattern().IsMatch(value))
        {
            throw new ConfigurationException(field, "must match [a-z0-9][a-z0-9-]{0,31}");
        }
    }
}
