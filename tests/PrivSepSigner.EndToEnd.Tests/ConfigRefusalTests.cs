using System.Text.Json.Nodes;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>A bad config stops each daemon at start (exit 78) with one message that names the field.</summary>
public sealed class ConfigRefusalTests : IAsyncLifetime
{
    private string dir = "";

    public static TheoryData<string, string> Mutations => new()
    {
        { "unknown", "bogusField" },
        { "link.kind", "link.kind" },
        { "profile", "roots[0].profiles" },
        { "time", "time.maxOffsetSeconds" },
        { "warn offset", "time.warnOffsetSeconds" },
        { "crl", "crl.resignBeforeHours" },
        { "mismatched key", "roots[0].keyDirectory" },
        { "blocked key", "blockedSpkiSha256[1]" },
        { "idle timeout", "link.idleTimeoutSeconds" },
        { "connections", "link.maxConnections" },
        { "name constraints", "profiles.server.nameConstraints" },
        { "chain key placeholder", "logging.macKeyFile" },
        { "replay window", "legacy.replayWindowSeconds" },
    };

    public async Task InitializeAsync()
    {
        dir = Directory.CreateTempSubdirectory("pss-cfg-").FullName;
        await Installation.InitAsync(dir);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(dir, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task Each_daemon_refuses_a_bad_config_naming_the_field(string mutation, string field)
    {
        var path = Path.Combine(dir, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        switch (mutation)
        {
            case "unknown":
                config["bogusField"] = 1;
                break;
            case "link.kind":
                config["link"]!["kind"] = "carrier-pigeon";
                break;
            case "profile":
                config["roots"]![0]!["profiles"]!.AsArray().Add("no-such-profile");
                break;
            case "time":
                config["time"] = new JsonObject { ["maxOffsetSeconds"] = 0 };
                break;
            case "crl":
                config["crl"] = new JsonObject { ["validityHours"] = 10, ["resignBeforeHours"] = 20 };
                break;
            case "blocked key":
                // Uppercase hex would never match the signer's lowercase fingerprints.
                config["blockedSpkiSha256"] = new JsonArray(new string('a', 64), new string('A', 64));
                break;
            case "warn offset":
                // A warning that would come only after signing has stopped warns of nothing.
                config["time"] = new JsonObject { ["maxOffsetSeconds"] = 600, ["warnOffsetSeconds"] = 601 };
                break;
            case "idle timeout":
                // Not more than the answer timeout: a front end waiting for its answer would count as idle.
                config["link"]!["idleTimeoutSeconds"] = 30;
                config["limits"] = new JsonObject { ["answerTimeoutSeconds"] = 30 };
                break;
            case "connections":
                config["link"]!["maxConnections"] = 0;
                break;
            case "replay window":
                config["legacy"] = new JsonObject { ["replayWindowSeconds"] = 0 };
                break;
            case "name constraints":
                config["profiles"]!["server"]!["nameConstraints"] = new JsonObject { ["permittedDns"] = new JsonArray("example.org") };
                break;
            case "chain key placeholder":
                config["logging"]!["macKeyFile"] = "audit-chain-key.{user}";
                break;
            case "mismatched key":
                // A key version holding root 0's certificate with root 1's key: of different origin.
                config["roots"]![0]!["keyDirectory"] = MismatchedKeyDirectory(dir, config);
                break;
        }

        var bad = Path.Combine(dir, $"bad-{mutation.Replace(' ', '-')}.json");
        File.WriteAllText(bad, config.ToJsonString());
        // Keys and profile semantics are the signer's to check; the comm handler never builds either.
        foreach (var daemon in mutation is "mismatched key" or "name constraints" ? new[] { "privsep-signerd" } : ["privsep-signerd", "privsep-comm"])
        {
            var r = await Tool.RunAsync(Tool.Bin(daemon), ["--config", bad], TimeSpan.FromSeconds(60));
            Assert.Equal(78, r.ExitCode);
            Assert.Contains(field, r.Stderr + r.Stdout);
        }
    }

    /// <summary>
    /// An installation from before the key holder's account was renamed (issue 21 item 6): its
    /// config still names "privsep-signer". Both daemons refuse at start (EX_OSERR, like every
    /// other account problem) and say how to rename it; no account is looked up first.
    /// </summary>
    [Fact]
    public async Task Each_daemon_refuses_the_former_signer_account_and_says_how_to_rename_it()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!.AsObject();
        config["users"] = new JsonObject { ["comm"] = "privsep-comm", ["signer"] = "privsep-signer", ["group"] = "privsep" };
        var old = Path.Combine(dir, "former-account.json");
        File.WriteAllText(old, config.ToJsonString());
        foreach (var daemon in new[] { "privsep-signerd", "privsep-comm" })
        {
            var r = await Tool.RunAsync(Tool.Bin(daemon), ["--config", old], TimeSpan.FromSeconds(60));
            Assert.Equal(71, r.ExitCode);
            Assert.Contains("users.signer is \"privsep-signer\"", r.Stderr + r.Stdout);
            Assert.Contains("usermod -l privsep-signerd privsep-signer", r.Stderr + r.Stdout);
        }
    }

    /// <summary>A copy of root 0's key directory whose version 1 holds root 1's key: the signer must refuse it.</summary>
    private static string MismatchedKeyDirectory(string dir, JsonNode config)
    {
        var source = Path.Combine(dir, config["roots"]![0]!["keyDirectory"]!.GetValue<string>());
        var other = Path.Combine(dir, config["roots"]![1]!["keyDirectory"]!.GetValue<string>());
        var target = Path.Combine(dir, "keys", "mismatched");
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(target, Private);
        Directory.CreateDirectory(Path.Combine(target, "versions", "1"), Private);
        File.Copy(Path.Combine(source, "versions", "1", "cert.pem"), Path.Combine(target, "versions", "1", "cert.pem"));
        File.Copy(Path.Combine(other, "versions", "1", "key.pem"), Path.Combine(target, "versions", "1", "key.pem"));
        if (!File.Exists(Path.Combine(target, "current")))
        {
            File.CreateSymbolicLink(Path.Combine(target, "current"), "versions/1");
        }

        return target;
    }
}
