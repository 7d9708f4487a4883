using System.Text.Json.Nodes;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Keys;

/// <summary>
/// Issue 18 item 4: the sub-CA ceremony of docs/key-management.md, as written, on a running
/// installation. Before, a root in config.json whose key did not exist yet stopped the signer
/// ("installation check failed ... missing (ENOENT)", exit 78, restarted in a loop by `up`), and a
/// new root needed a restart of both daemons. Now the signer reports and skips it, picks it up
/// when its key appears (timer or SIGHUP), and the comm handler learns it from the config.
/// </summary>
public sealed class SubCaWithoutRestartTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-subca-");

    [Fact]
    public async Task A_root_added_while_running_is_served_once_its_certificate_is_installed()
    {
        await using var host = await SignerHost.StartAsync("unix", configure: c => c["keyReloadSeconds"] = 1);
        var configPath = Path.Combine(host.Dir, "config.json");
        AddRoot(configPath, "sub-ec");
        await WaitForLogAsync(host, "root sub-ec added to the config");

        var request = Path.Combine(work.FullName, "sub.csr");
        var made = await Tool.Cli("ceremony", "subca-request", "--config", configPath, "--root", "sub-ec", "--algorithm", "p-256",
            "--subject", "CN=Example Issuing CA, O=Example, C=DE", "--out", request);
        Assert.True(made.ExitCode == 0, made.ToString());
        var pending = made.Stdout.Split(' ')[Array.IndexOf(made.Stdout.Split(' '), "key") + 1];

        var before = await LeafAsync(host, "early");
        Assert.Equal(1, before.ExitCode);
        Assert.Contains("UnknownRoot", before.Stderr);

        // The parent issues the sub-CA certificate by its own ceremony (subca is ceremony-only).
        var subCert = Path.Combine(work.FullName, "sub.pem");
        var issued = await host.CeremonySignAsync("root-ec", "subca", request, subCert);
        Assert.True(issued.ExitCode == 0, issued + host.Log);
        var install = await Tool.Cli("ceremony", "install-cert", "--config", configPath, "--root", "sub-ec", "--pending", pending, "--certificate", subCert);
        Assert.True(install.ExitCode == 0, install.ToString());
        await WaitForLogAsync(host, "loaded root sub-ec");

        var leaf = await LeafAsync(host, "leaf");
        Assert.True(leaf.ExitCode == 0, leaf + host.Log);
        var leafFile = Path.Combine(work.FullName, "leaf.pem");
        File.WriteAllText(leafFile, leaf.Stdout);
        var verify = await Tool.RunAsync("openssl", ["verify", "-x509_strict", "-CAfile", host.CaFile("root-ec"), "-untrusted", subCert, leafFile]);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Null(host.ExitCode);
        Assert.DoesNotContain("exited with status", host.Log);
    }

    [Fact]
    public async Task A_configured_root_without_a_key_does_not_stop_the_signer()
    {
        var dir = Path.Combine(work.FullName, "ca");
        Assert.Equal(0, (await Tool.Cli("init", dir, "--link-kind", "unix")).ExitCode);
        AddRoot(Path.Combine(dir, "config.json"), "not-yet");
        await using var host = await SignerHost.StartAsync("unix", dir);
        await WaitForLogAsync(host, "root not-yet has no key yet");
        var status = await Tool.Cli("status", "--link", host.Link);
        Assert.True(status.ExitCode == 0, status + host.Log);
        Assert.Contains("root root-ec:", status.Stdout);
        Assert.DoesNotContain("root not-yet:", status.Stdout);
        Assert.DoesNotContain("exited with status", host.Log);
    }

    public void Dispose() => work.Delete(recursive: true);

    private static void AddRoot(string configPath, string name)
    {
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["roots"]!.AsArray().Add(new JsonObject { ["name"] = name, ["keyDirectory"] = $"keys/{name}", ["profiles"] = new JsonArray("server") });
        File.WriteAllText(configPath, config.ToJsonString());
    }

    private async Task<ProcessResult> LeafAsync(SignerHost host, string name)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, name, "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        return await Tool.Cli("sign", "--link", host.Link, "--root", "sub-ec", "--profile", "server", "--csr", csr, "--timeout", "20");
    }

    private static async Task WaitForLogAsync(SignerHost host, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!host.Log.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(host.Log.Contains(text, StringComparison.Ordinal), $"no \"{text}\" in the log:\n{host.Log}");
    }
}
