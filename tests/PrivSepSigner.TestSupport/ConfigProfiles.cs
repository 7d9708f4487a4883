using PrivSepSigner.Configuration;

namespace PrivSepSigner.TestSupport;

/// <summary>
/// Profiles written as an operator writes them, in config.json, and read by the real
/// <see cref="ConfigLoader"/>: options are tested the way they are configured.
/// </summary>
public static class ConfigProfiles
{
    /// <summary>The profile "p" of a minimal config whose profile body is <paramref name="profileJson"/>.</summary>
    public static ProfileConfig FromJson(string profileJson) => Load(profileJson).Profiles["p"];

    /// <summary>A minimal config with one root serving profile "p" and the given top-level extra fields.</summary>
    public static InstallationConfig Load(string profileJson, string extraTopLevel = "")
    {
        var json = $$"""
            {
              "spoolDir": "spool", "stateDir": "state",
              "link": { "kind": "unix", "path": "link" },
              "roots": [ { "name": "root", "keyDirectory": "keys/root", "profiles": [ "p" ] } ],
              {{extraTopLevel}}
              "profiles": { "p": {{profileJson}} }
            }
            """;
        return ConfigLoader.Parse(json, "/");
    }
}
