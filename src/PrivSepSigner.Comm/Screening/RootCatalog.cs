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
/// root whose key it has not loaded yet. The profiles only the operator's ceremony may issue
/// under (<see cref="ProfileConfig.ReachableOverLink"/>) come from the same reading.
/// </summary>
internal sealed class RootCatalog
{
    public static readonly TimeSpan RereadInterval = TimeSpan.FromSeconds(5);

    private readonly Func<InstallationConfig>? reread;
    private readonly Lock gate = new();
    private volatile Snapshot known;
    private long nextRereadTimestamp;

    public RootCatalog(InstallationConfig config, Func<InstallationConfig>? reread)
    {
        known = Snapshot.Of(config);
        this.reread = reread;
        nextRereadTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>The profiles of a configured root, or null when the config (re-read if due) has no such root.</summary>
    public FrozenSet<string>? ProfilesOf(string root)
    {
        if (known.ProfilesByRoot.TryGetValue(root, out var profiles))
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
                known = Snapshot.Of(reread());
            }
            catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException)
            {
                // An unreadable or half-edited config keeps the roots known so far.
            }

            return known.ProfilesByRoot.GetValueOrDefault(root);
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>Whether the profile (as of the last reading) is one the link may not ask for.</summary>
    public bool IsCeremonyOnly(string profile) => known.CeremonyOnly.Contains(profile);

    private sealed record Snapshot(FrozenDictionary<string, FrozenSet<string>> ProfilesByRoot, FrozenSet<string> CeremonyOnly)
    {
        public static Snapshot Of(InstallationConfig config) => new(
            config.Roots.ToFrozenDictionary(r => r.Name, r => r.Profiles.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal),
            config.Profiles.Where(p => !p.Value.ReachableOverLink()).Select(p => p.Key).ToFrozenSet(StringComparer.Ordinal));
    }
}
