using System.Collections.Frozen;
using System.Security.Cryptography;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance;
using PrivSepSigner.Keys;
using PrivSepSigner.Keys.Versions;
using PrivSepSigner.Policy;
using Serilog;

namespace PrivSepSigner.Signer.Roots;

/// <summary>
/// All roots of the installation. At start every root whose key exists must load (a key that
/// does not match its certificate, or a profile that breaks a hard limit, stops the signer with
/// a message naming the field: it never starts half-configured). A root whose key directory
/// has no <c>current</c> version yet (the sub-CA ceremony of docs/key-management.md, between
/// adding the root to config.json and installing its certificate) is reported and waits.
/// <see cref="Refresh"/> (timer and SIGHUP) picks up a new <c>current</c> version of any root,
/// re-reads config.json for roots added since, and loads every waiting root whose key has
/// appeared, all without a restart; see <see cref="RootKeys"/> for requests in flight.
/// </summary>
internal sealed class RootRegistry : IDisposable
{
    /// <summary>The link that names a key directory's current version (docs/key-management.md, Layout).</summary>
    private const string CurrentLink = "current";

    private readonly ILogger log;
    private readonly KeyLoader keys;
    private readonly Func<InstallationConfig>? rereadConfig;
    private readonly Func<string, string?> keyDirectoryProblem;
    private readonly Lock gate = new();
    private readonly Dictionary<string, WaitingRoot> waiting = new(StringComparer.Ordinal);
    private volatile FrozenDictionary<string, RootKeys> roots;
    private string? lastConfigProblem;

    private RootRegistry(FrozenDictionary<string, RootKeys> roots, KeyLoader keys, Func<InstallationConfig>? rereadConfig, Func<string, string?> keyDirectoryProblem, ILogger log)
    {
        this.roots = roots;
        this.keys = keys;
        this.rereadConfig = rereadConfig;
        this.keyDirectoryProblem = keyDirectoryProblem;
        this.log = log;
    }

    /// <summary>The current version of every loaded root, by name.</summary>
    public IEnumerable<SigningRoot> All => roots.Values.Select(r => r.Current).OrderBy(r => r.Name, StringComparer.Ordinal);

    /// <summary>Configured roots whose key is not there yet (they answer UnknownRoot until it is).</summary>
    public IReadOnlyList<string> Waiting
    {
        get
        {
            lock (gate)
            {
                return [.. waiting.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <param name="rereadConfig">Reads config.json again (for roots added while the signer runs); null: never.</param>
    /// <param name="keyDirectoryProblem">Checks a key directory's owner and mode before a root found later is loaded; null when it is fine.</param>
    public static RootRegistry Load(InstallationConfig config, KeyLoader keys, ILogger log, Func<InstallationConfig>? rereadConfig = null, Func<string, string?>? keyDirectoryProblem = null)
    {
        var loaded = new Dictionary<string, RootKeys>(StringComparer.Ordinal);
        var pending = new List<WaitingRoot>();
        try
        {
            var profiles = BuildProfiles(config);
            for (var i = 0; i < config.Roots.Count; i++)
            {
                var root = config.Roots[i];
                if (!HasCurrentKey(root.KeyDirectory))
                {
                    log.Warning("audit: root {Root} has no key yet ({Directory} has no current version): skipped; it is loaded when its key appears (SIGHUP, or within keyReloadSeconds)", root.Name, root.KeyDirectory);
                    pending.Add(new WaitingRoot(root, config));
                    continue;
                }

                try
                {
                    loaded[root.Name] = Open(root, config, profiles, keys, log);
                }
                catch (Exception e) when (IsLoadFailure(e))
                {
                    throw new ConfigurationException($"roots[{i}].keyDirectory", e.Message, e);
                }
            }
        }
        catch
        {
            foreach (var r in loaded.Values)
            {
                r.Dispose();
            }

            throw;
        }

        var registry = new RootRegistry(loaded.ToFrozenDictionary(StringComparer.Ordinal), keys, rereadConfig, keyDirectoryProblem ?? (_ => null), log);
        foreach (var w in pending)
        {
            registry.waiting[w.Root.Name] = w;
        }

        return registry;
    }

    /// <summary>The current version of a root (for its certificate and CRLs).</summary>
    public SigningRoot? Find(string name) => roots.GetValueOrDefault(name)?.Current;

    /// <summary>The version that issues a request of <paramref name="name"/> at <paramref name="now"/>.</summary>
    public SigningRoot? IssuerAt(string name, DateTimeOffset now) => roots.GetValueOrDefault(name)?.IssuerAt(now);

    public bool Exists(string name) => roots.ContainsKey(name);

    /// <summary>Every loaded version of every root whose CA certificate has not expired: each signs its own CRLs.</summary>
    public IEnumerable<SigningRoot> CrlSigners(DateTimeOffset now) =>
        roots.Values.SelectMany(r => r.Versions).Where(v => now < v.Issuer.NotAfter);

    /// <summary>A loaded version of a root by its CA certificate's SHA-256.</summary>
    public SigningRoot? FindVersion(string name, string certificateSha256) =>
        Versions(name).FirstOrDefault(v => v.Issuer.CertificateSha256Hex == certificateSha256);

    /// <summary>Every loaded version of a root, oldest first.</summary>
    public IReadOnlyList<SigningRoot> Versions(string name) => roots.GetValueOrDefault(name)?.Versions ?? [];

    /// <summary>
    /// Checks every root's key directory for a new current version, re-reads the config for new
    /// roots and loads each waiting root whose key has appeared; logs each switch, load and failure.
    /// </summary>
    public void Refresh()
    {
        foreach (var root in roots.Values)
        {
            try
            {
                if (root.Refresh() is { } next)
                {
                    log.Information(
                        "audit: root {Root} switched to key version {Version} key {Key} certificate sha256 {Fingerprint}; requests in progress finish on the previous version",
                        next.Name, next.Version, next.Issuer.KeyDescription, next.Issuer.CertificateSha256Hex);
                }
            }
            catch (Exception e) when (IsLoadFailure(e))
            {
                log.Error("audit: root {Root}: new key version NOT loaded, still signing with version {Version}: {Error}", root.Name, root.Current.Version, e.Message);
            }
        }

        lock (gate)
        {
            LearnNewRoots();
            LoadWaitingRoots();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var r in roots.Values)
            {
                r.Dispose();
            }
        }
    }

    private void LearnNewRoots()
    {
        if (rereadConfig is null)
        {
            return;
        }

        InstallationConfig config;
        try
        {
            config = rereadConfig();
            lastConfigProblem = null;
        }
        catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException)
        {
            // Said once per distinct problem, not on every tick while the operator edits the file.
            if (e.Message != lastConfigProblem)
            {
                log.Error("config not re-read for new roots (the loaded roots go on signing): {Error}", e.Message);
                lastConfigProblem = e.Message;
            }

            return;
        }

        foreach (var root in config.Roots.Where(r => !roots.ContainsKey(r.Name)))
        {
            if (!waiting.ContainsKey(root.Name))
            {
                log.Information("audit: root {Root} added to the config; it is loaded when its key appears in {Directory}", root.Name, root.KeyDirectory);
            }

            waiting[root.Name] = waiting.TryGetValue(root.Name, out var w) ? w with { Root = root, Config = config } : new WaitingRoot(root, config);
        }
    }

    private void LoadWaitingRoots()
    {
        foreach (var (name, w) in waiting.ToList())
        {
            if (!HasCurrentKey(w.Root.KeyDirectory))
            {
                continue;
            }

            string? problem = keyDirectoryProblem(w.Root.KeyDirectory);
            RootKeys? opened = null;
            if (problem is null)
            {
                try
                {
                    opened = Open(w.Root, w.Config, BuildProfiles(w.Config), keys, log);
                }
                catch (Exception e) when (IsLoadFailure(e) || e is ConfigurationException)
                {
                    problem = e.Message;
                }
            }

            if (opened is null)
            {
                if (problem != w.LastProblem)
                {
                    log.Error("audit: root {Root}: key found but NOT loaded: {Error}", name, problem);
                    waiting[name] = w with { LastProblem = problem };
                }

                continue;
            }

            roots = new Dictionary<string, RootKeys>(roots, StringComparer.Ordinal) { [name] = opened }.ToFrozenDictionary(StringComparer.Ordinal);
            waiting.Remove(name);
            var current = opened.Current;
            log.Information("audit: loaded root {Root} key version {Version} key {Key} certificate sha256 {Fingerprint} (without a restart)", name, current.Version, current.Issuer.KeyDescription, current.Issuer.CertificateSha256Hex);
        }
    }

    private static bool HasCurrentKey(string keyDirectory) => Path.Exists(Path.Join(keyDirectory, CurrentLink));

    private static Dictionary<string, Profile> BuildProfiles(InstallationConfig config)
    {
        var profiles = new Dictionary<string, Profile>(StringComparer.Ordinal);
        foreach (var (name, raw) in config.Profiles)
        {
            profiles[name] = Profile.Create(name, raw);
        }

        return profiles;
    }

    private static RootKeys Open(RootConfig root, InstallationConfig config, Dictionary<string, Profile> profiles, KeyLoader keys, ILogger log)
    {
        var rootProfiles = root.Profiles.ToFrozenDictionary(p => p, p => profiles[p], StringComparer.Ordinal);
        return new RootKeys(
            root.KeyDirectory,
            snapshot => Build(snapshot, root, rootProfiles, config, keys),
            (version, e) => log.Warning("audit: root {Root} retired key version {Version} not loaded; its CRLs cannot be signed: {Error}", root.Name, version, e.Message));
    }

    private static bool IsLoadFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or CryptographicException or InvalidOperationException or KeyUnavailableException or ArgumentException;

    /// <summary>The issuer owns the key; the CRL signer borrows the same key object.</summary>
    private static SigningRoot Build(KeyVersionSnapshot snapshot, RootConfig root, FrozenDictionary<string, Profile> profiles, InstallationConfig config, KeyLoader keys)
    {
        var certDer = PemFile.DecodeCertificate(snapshot.CertificatePem, $"{root.KeyDirectory}/versions/{snapshot.Version}/cert.pem");
        var key = keys.Load(snapshot, root);
        try
        {
            var issuer = new CaIssuer(root.Name, certDer, key, root)
            {
                Backdate = TimeSpan.FromSeconds(config.Time.BackdateSeconds),
                FreshestCrlUrl = config.Crl.DeltaCrlUrl?.Replace("{root}", root.Name, StringComparison.Ordinal),
                FreshestCrlProfiles = config.Profiles.Where(p => p.Value.FreshestCrl).Select(p => p.Key).ToHashSet(StringComparer.Ordinal),
            };
            return new SigningRoot(root.Name, snapshot.Version, issuer, profiles, new Issuance.Crl.CaCrlSigner(issuer.CertificateDer, key));
        }
        catch (Exception e) when (e is InvalidOperationException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidDataException($"version {snapshot.Version}: key and certificate do not belong together: {e.Message}", e);
        }
    }
}
