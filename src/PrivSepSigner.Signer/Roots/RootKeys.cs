using PrivSepSigner.Keys.Versions;

namespace PrivSepSigner.Signer.Roots;

/// <summary>
/// Every key version of one root loaded so far, and the one new requests use. A switch of the
/// key directory's <c>current</c> link loads the new version beside the old ones and then
/// publishes it with one reference write: a request that already took the old version
/// finishes on it (nothing is disposed while the daemon runs), and retired versions stay
/// loaded to sign the CRLs of what they issued. A version that fails to load (key and
/// certificate do not match, unreadable, token down) is not published; the old one stays.
/// </summary>
internal sealed class RootKeys : IDisposable
{
    private readonly KeyVersionReader reader;
    private readonly Func<KeyVersionSnapshot, SigningRoot> build;
    private readonly Lock gate = new();
    private readonly List<SigningRoot> versions = [];
    private volatile SigningRoot current;

    /// <summary>
    /// Loads the current version (which must load) and every other version whose certificate
    /// is still valid (retired ones sign the CRLs of what they issued; one that fails to load
    /// is reported to <paramref name="skipped"/> and left out).
    /// </summary>
    public RootKeys(string keyDirectory, Func<KeyVersionSnapshot, SigningRoot> build, Action<string, Exception> skipped)
    {
        reader = new KeyVersionReader(keyDirectory);
        this.build = build;
        using (var snapshot = reader.Read())
        {
            current = build(snapshot);
        }

        foreach (var name in reader.ListVersions().Where(v => v != current.Version))
        {
            try
            {
                using var snapshot = reader.Read(name);
                var retired = build(snapshot);
                if (DateTimeOffset.UtcNow < retired.Issuer.NotAfter)
                {
                    versions.Add(retired);
                }
                else
                {
                    retired.Issuer.Dispose();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Security.Cryptography.CryptographicException or InvalidOperationException or Keys.KeyUnavailableException)
            {
                skipped(name, e);
            }
        }

        versions.Add(current);
    }

    public string Name => current.Name;

    /// <summary>The version new requests are issued under.</summary>
    public SigningRoot Current => current;

    /// <summary>Every version loaded since start, oldest first (the current one included).</summary>
    public IReadOnlyList<SigningRoot> Versions
    {
        get
        {
            lock (gate)
            {
                return [.. versions];
            }
        }
    }

    /// <summary>
    /// The issuer for a request at <paramref name="now"/>: the current version if its
    /// certificate is valid then, else the newest loaded version whose certificate is.
    /// </summary>
    public SigningRoot? IssuerAt(DateTimeOffset now)
    {
        var c = current;
        return c.ValidAt(now) ? c : Versions.LastOrDefault(v => v.ValidAt(now));
    }

    /// <summary>
    /// Loads the version <c>current</c> names if it is not the published one. Returns the newly
    /// published version, or null when nothing changed. Throws when the new version cannot be
    /// loaded; the published version is then unchanged.
    /// </summary>
    public SigningRoot? Refresh()
    {
        lock (gate)
        {
            if (reader.CurrentVersion() == current.Version)
            {
                return null;
            }

            using var snapshot = reader.Read();
            if (snapshot.Version == current.Version)
            {
                return null;
            }

            var next = versions.FirstOrDefault(v => v.Version == snapshot.Version);
            if (next is null)
            {
                next = build(snapshot);
                versions.Add(next);
            }

            current = next;
            return next;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var v in versions)
            {
                v.Issuer.Dispose();
            }

            versions.Clear();
        }
    }
}
