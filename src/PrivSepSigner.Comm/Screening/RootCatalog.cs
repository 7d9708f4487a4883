using System.Collections.Frozen;
using System.Diagnostics;
using PrivSepSigner.Configuration;

namespace PrivSepSigner.Comm.Screening;

/// <summary>
/// The roots and profiles the screen knows, from config.json. A request for a root it does not
/// know makes it read the config again, at most once per <see cref="RereadInterval"/>, so a root
/// added by the sub-CA ceremony (docs/key-management.md) is accepted without a restart of the
/// comm handler, and a front end sending made-up root names costs at most one small file read
/// every few seconds. The signer stays the authority: it answers UnknownRoot for a configured
/// root whose key it has not loaded yet.
/// </summary>
internal sealed class RootCatalog
{
    public static readonly TimeSpan RereadInterval = TimeSpan.FromSeconds(5);

    private readonly Func<SignerConfig>? reread;
    private readonly Lock gate = new();
    private volatile FrozenDictionary<string, FrozenSet<string>> profilesByRoot;
    private long nextRereadTimestamp;

    public RootCatalog(SignerConfig config, Func<SignerConfig>? reread)
    {
        profilesByRoot = Build(config);
        this.reread = reread;
        nextRereadTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>The profiles of a configured root, or null when the config (re-read if due) has no such root.</summary>
    public FrozenSet<string>? ProfilesOf(string root)
    {
        if (profilesByRoot.TryGetValue(root, out var profiles))
        {
            return profiles;
        }

        if (reread is null || !gate.TryEnter())
        {
            return null;
        }

        try
        {
            var now = Stopwatch.GetTimestamp();
            if (now < nextRereadTimestamp)
            {
                return null;
            }

            nextRereadTimestamp = now + (long)(RereadInterval.TotalSeconds * Stopwatch.Frequency);
            try
            {
                profilesByRoot = Build(reread());
            }
            catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException)
            {
                // An unreadable or half-edited config keeps the roots known so far.
            }

            return profilesByRoot.GetValueOrDefault(root);
        }
        finally
        {
            gate.Exit();
        }
    }

    private static FrozenDictionary<string, FrozenSet<string>> Build(SignerConfig config) =>
        config.Roots.ToFrozenDictionary(r => r.Name, r => r.Profiles.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
}
