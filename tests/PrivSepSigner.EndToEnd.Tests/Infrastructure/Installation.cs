using System.Text.Json.Nodes;

namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>A development installation made by `privsep-signer init`, and its config.json edited as an operator would.</summary>
public static class Installation
{
    public static string ConfigPath(string dir) => Path.Combine(dir, "config.json");

    /// <summary>Runs `init` into <paramref name="dir"/>; asserts it succeeded.</summary>
    public static async Task InitAsync(string dir, string linkKind = "unix", IReadOnlyList<string>? options = null)
    {
        var init = await Tool.Cli(["init", dir, "--link-kind", linkKind, .. options ?? []]);
        Assert.True(init.ExitCode == 0, init.ToString());
    }

    /// <summary>Reads config.json, lets <paramref name="configure"/> change it, writes it back.</summary>
    public static void Configure(string dir, Action<JsonObject> configure)
    {
        var path = ConfigPath(dir);
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        configure(config);
        File.WriteAllText(path, config.ToJsonString());
    }
}
