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
/// All roots of the installation. At start every root's current key version must load (a key
/// that does not match its certificate, or a profile that breaks a hard limit, stops the signer
/// with a message naming the field: it never starts half-configured). Later,
/// <see cref="Refresh"/> (timer and SIGHUP) picks up a new <c>current</c> version of any root
/// without a restart; see <see cref="RootKeys"/> for what happens to requests in flight.
/// </summary>
internal sealed class RootRegistry : IDisposable
{
    private readonly FrozenDictionary<string, RootKeys> roots;
    private readonly ILogger log;

    private RootRegistry(FrozenDictionary<string, RootKeys> roots, ILogger log)
    {
        this.roots = roots;
        this.log = log;
    }

    /// <summary>The current version of every root, by name.</summary>
    public IEnumerable<SigningRoot> All => roots.Values.Select(r => r.Current).OrderBy(r => r.Name, StringComparer.Ordinal);

    public static RootRegistry Load(SignerConfig config, KeyLoader keys, ILogger log)
    {
        var profiles = new Dictionary<string, Profile>(StringComparer.Ordinal);
        foreach (var (name, raw) in config.Profiles)
        {
            profiles[name] = Profile.Create(name, raw);
        }

        var loaded = new Dictionary<string, RootKeys>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < config.Roots.Count; i++)
            {
                var root = config.Roots[i];
                var field = $"roots[{i}]";
                var rootProfiles = root.Profiles.ToFrozenDictionary(p => p, p => profiles[p], StringComparer.Ordinal);
                try
                {
                    loaded[root.Name] = new RootKeys(
                        root.KeyDirectory,
                        snapshot => Build(snapshot, root, rootProfiles, config, keys),
                        (version, e) => log.Warning("audit: root {Root} retired key version {Version} not loaded; its CRLs cannot be signed: {Error}", root.Name, version, e.Message));
                }
                catch (Exception e) when (IsLoadFailure(e))
                {
                    throw new ConfigurationException($"{field}.keyDirectory", e.Message, e);
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

        return new RootRegistry(loaded.ToFrozenDictionary(StringComparer.Ordinal), log);
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

    /// <summary>Checks every root's key directory for a new current version; logs each switch and each failure.</summary>
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
    }

    public void Dispose()
    {
        foreach (var r in roots.Values)
        {
            r.Dispose();
        }
    }

    private static bool IsLoadFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or CryptographicException or InvalidOperationException or KeyUnavailableException or ArgumentException;

    /// <summary>The issuer owns the key; the CRL signer borrows the same key object.</summary>
    private static SigningRoot Build(KeyVersionSnapshot snapshot, RootConfig root, FrozenDictionary<string, Profile> profiles, SignerConfig config, KeyLoader keys)
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
