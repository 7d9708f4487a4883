using System.Collections.Frozen;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance;
using PrivSepSigner.Keys;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Signer.Roots;

/// <summary>
/// All roots of the installation, loaded once at start. A root whose key does not match
/// its certificate, or a profile that breaks a hard limit, stops the signer at start with
/// a message naming the field (it never starts half-configured).
/// </summary>
internal sealed class RootRegistry : IDisposable
{
    private readonly FrozenDictionary<string, SigningRoot> roots;

    private RootRegistry(FrozenDictionary<string, SigningRoot> roots) => this.roots = roots;

    public IEnumerable<SigningRoot> All => roots.Values.OrderBy(r => r.Name, StringComparer.Ordinal);

    public static RootRegistry Load(SignerConfig config)
    {
        var profiles = new Dictionary<string, Profile>(StringComparer.Ordinal);
        foreach (var (name, raw) in config.Profiles)
        {
            profiles[name] = Profile.Create(name, raw);
        }

        var loaded = new Dictionary<string, SigningRoot>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < config.Roots.Count; i++)
            {
                var root = config.Roots[i];
                var (issuer, key) = LoadIssuer(root, $"roots[{i}]", config);
                loaded[root.Name] = new SigningRoot(
                    root.Name,
                    issuer,
                    root.Profiles.ToFrozenDictionary(p => p, p => profiles[p], StringComparer.Ordinal),
                    new Issuance.Crl.CaCrlSigner(issuer.CertificateDer, key));
            }
        }
        catch
        {
            foreach (var r in loaded.Values)
            {
                r.Issuer.Dispose();
            }

            throw;
        }

        return new RootRegistry(loaded.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public SigningRoot? Find(string name) => roots.GetValueOrDefault(name);

    public void Dispose()
    {
        foreach (var r in roots.Values)
        {
            r.Issuer.Dispose();
        }
    }

    /// <summary>The issuer owns the key; the CRL signer borrows the same key object.</summary>
    private static (CaIssuer Issuer, ISigningKey Key) LoadIssuer(RootConfig root, string field, SignerConfig config)
    {
        byte[] certDer;
        try
        {
            certDer = PemFile.ReadCertificate(root.CertificateFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ConfigurationException($"{field}.certificateFile", e.Message, e);
        }

        ISigningKey key;
        try
        {
            key = Pkcs8KeyFile.Load(root.KeyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Security.Cryptography.CryptographicException)
        {
            throw new ConfigurationException($"{field}.keyFile", e.Message, e);
        }

        try
        {
            return (new CaIssuer(root.Name, certDer, key, root)
            {
                Backdate = TimeSpan.FromSeconds(config.Time.BackdateSeconds),
                FreshestCrlUrl = config.Crl.DeltaCrlUrl?.Replace("{root}", root.Name, StringComparison.Ordinal),
                FreshestCrlProfiles = config.Profiles.Where(p => p.Value.FreshestCrl).Select(p => p.Key).ToHashSet(StringComparer.Ordinal),
            }, key);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            key.Dispose();
            throw new ConfigurationException(field, $"key and certificate do not belong together: {e.Message}", e);
        }
    }
}
