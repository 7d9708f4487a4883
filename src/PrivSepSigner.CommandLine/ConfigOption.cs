using System.CommandLine;

namespace PrivSepSigner.CommandLine;

/// <summary>The --config PATH option every daemon and ceremony takes.</summary>
public static class ConfigOption
{
    public static Option<string> Create() => new("--config")
    {
        Required = true,
        HelpName = "PATH",
        Description = "the installation's config.json",
    };
}
