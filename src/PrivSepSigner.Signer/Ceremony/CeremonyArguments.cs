using PrivSepSigner.Configuration;

namespace PrivSepSigner.Signer.Ceremony;

/// <summary>"--name value" pairs of a ceremony command; unknown or repeated options are refused.</summary>
internal sealed class CeremonyArguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public CeremonyArguments(IReadOnlyList<string> args, IReadOnlyCollection<string> allowed)
    {
        if (args.Count % 2 != 0)
        {
            throw new ArgumentException("options come in pairs: --name value");
        }

        for (var i = 0; i < args.Count; i += 2)
        {
            if (!allowed.Contains(args[i]) || !values.TryAdd(args[i], args[i + 1]))
            {
                throw new ArgumentException($"unknown or repeated option {args[i]}; allowed: {string.Join(" ", allowed)}");
            }
        }
    }

    public string Required(string name) => Optional(name) ?? throw new ArgumentException($"{name} is required");

    public string? Optional(string name) => values.GetValueOrDefault(name) is { Length: > 0 } v ? v : null;

    /// <summary>The config (--config) and the root it names (--root).</summary>
    public (SignerConfig Config, RootConfig Root) Root()
    {
        var config = ConfigLoader.Load(Required("--config"));
        var name = Required("--root");
        var root = config.Roots.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"--root: the config has no root \"{name}\"");
        return (config, root);
    }
}
