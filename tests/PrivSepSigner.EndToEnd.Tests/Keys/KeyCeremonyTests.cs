using System.Text.Json.Nodes;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Keys;

/// <summary>
/// The key ceremonies end to end: a sub-CA key and request made by one installation's
/// signer, certified by the other installation's operator through its `subca` profile (a
/// ceremony on that signing host, name-constrained to example.test), installed, and then
/// issuing certificates that chain to the parent root, within the constraint only; and a rekey
/// to an encrypted PKCS#8 key whose passphrase comes from a 0600 file, picked up by the
/// running signer.
/// </summary>
public sealed class KeyCeremonyTests : IClassFixture<ConstrainedSubCaHostFixture>, IDisposable
{
    private readonly SignerHost parent;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-ceremony-");

    public KeyCeremonyTests(ConstrainedSubCaHostFixture fixture) => parent = fixture.Host;

    /// <summary>A development installation of its own, and its config to edit.</summary>
    private async Task<(string Dir, string ConfigPath, JsonNode Config)> InitAsync(string name)
    {
        var dir = Path.Combine(work.FullName, name);
        await Installation.InitAsync(dir);
        var configPath = Installation.ConfigPath(dir);
        return (dir, configPath, JsonNode.Parse(File.ReadAllText(configPath))!);
    }

    [Fact]
    public async Task A_sub_ca_made_by_ceremony_and_certified_by_the_parent_issues_chaining_certificates()
    {
        var (dir, configPath, config) = await InitAsync("sub");
        config["roots"]!.AsArray().Add(new JsonObject { ["name"] = "sub-ec", ["keyDirectory"] = "keys/sub-ec", ["profiles"] = new JsonArray("server") });
        File.WriteAllText(configPath, config.ToJsonString());

        var request = Path.Combine(work.FullName, "sub.csr");
        var made = await Tool.Cli("ceremony", "subca-request", "--config", configPath, "--root", "sub-ec", "--algorithm", "p-256",
            "--subject", "CN=Example Issuing CA, O=Example, C=DE", "--out", request);
        Assert.True(made.ExitCode == 0, made.ToString());
        var pending = made.Stdout.Split(' ')[Array.IndexOf(made.Stdout.Split(' '), "key") + 1];
        Assert.DoesNotContain("PRIVATE", File.ReadAllText(request));

        var subCert = Path.Combine(work.FullName, "sub.pem");
        var issued = await parent.CeremonySignAsync("root-ec", "subca", request, subCert);
        Assert.True(issued.ExitCode == 0, issued + parent.Log);
        Assert.Contains($"permitted DNS {ConstrainedSubCaHostFixture.PermittedDns}", issued.Stdout);
        Assert.Contains("X509v3 Name Constraints: critical", await OpenSslRequests.TextAsync(subCert));

        // A certificate for another key is refused; the right one becomes version 1.
        var wrong = await Tool.Cli("ceremony", "install-cert", "--config", configPath, "--root", "sub-ec", "--pending", pending, "--certificate", parent.CaFile("root-rsa"));
        Assert.NotEqual(0, wrong.ExitCode);
        var install = await Tool.Cli("ceremony", "install-cert", "--config", configPath, "--root", "sub-ec", "--pending", pending, "--certificate", subCert);
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains("version 1 is current", install.Stdout);

        await using var sub = await SignerHost.StartAsync("unix", dir);
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "leaf", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        var leaf = await sub.SignAsync("sub-ec", "server", csr);
        Assert.True(leaf.ExitCode == 0, leaf + sub.Log);
        var leafFile = Path.Combine(work.FullName, "leaf.pem");
        File.WriteAllText(leafFile, leaf.Stdout);
        var verify = await Tool.RunAsync("openssl", ["verify", "-x509_strict", "-CAfile", parent.CaFile("root-ec"), "-untrusted", subCert, leafFile]);
        Assert.True(verify.ExitCode == 0, verify.ToString());

        // The sub-CA signs a name outside example.test (it has no policy of its own for that);
        // relying parties refuse it: the constraint is in the sub-CA's certificate.
        var outside = await OpenSslRequests.CreateAsync(work.FullName, "outside", "P-256", "/CN=host.example.org", "subjectAltName=DNS:host.example.org");
        var stray = await sub.SignAsync("sub-ec", "server", outside);
        Assert.True(stray.ExitCode == 0, stray + sub.Log);
        var strayFile = Path.Combine(work.FullName, "outside.pem");
        File.WriteAllText(strayFile, stray.Stdout);
        var refused = await Tool.RunAsync("openssl", ["verify", "-x509_strict", "-CAfile", parent.CaFile("root-ec"), "-untrusted", subCert, strayFile]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("permitted subtree violation", refused.Stdout + refused.Stderr);
    }

    [Fact]
    public async Task The_openpgp_key_ceremony_makes_its_directory_on_a_fresh_installation()
    {
        var (dir, configPath, config) = await InitAsync("fresh-pgp");
        config["openPgpKeyFile"] = "keys/pgp-never-made/secret.asc"; // as on a host where nothing made keys/openpgp
        File.WriteAllText(configPath, config.ToJsonString());

        var made = await Tool.Cli("ceremony", "openpgp-key", "--config", configPath, "--user-id", "Example CA <ca@example.test>");
        Assert.True(made.ExitCode == 0, made.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(dir, "keys", "pgp-never-made")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "keys", "pgp-never-made", "secret.asc")));
        // A second ceremony is a rotation (issue 18): the first key is kept beside the new one, 0600.
        var first = File.ReadAllBytes(Path.Combine(dir, "keys", "pgp-never-made", "secret.asc"));
        var again = await Tool.Cli("ceremony", "openpgp-key", "--config", configPath, "--user-id", "Example CA <ca@example.test>");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("is kept as", again.Stdout);
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(dir, "keys", "pgp-never-made", "secret.asc.1")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "keys", "pgp-never-made", "secret.asc.1")));
    }

    [Fact]
    public async Task A_rekey_to_an_encrypted_key_is_loaded_with_its_passphrase_file()
    {
        var (dir, configPath, config) = await InitAsync("enc");
        var passphrase = Path.Combine(work.FullName, "passphrase");
        File.WriteAllText(passphrase, "correct horse battery staple\n");
        File.SetUnixFileMode(passphrase, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        config["roots"]![0]!["passphraseFile"] = passphrase;
        config["keyReloadSeconds"] = 1;
        File.WriteAllText(configPath, config.ToJsonString());
        var root = config["roots"]![0]!["name"]!.GetValue<string>();

        await using var host = await SignerHost.StartAsync("unix", dir);
        var rekey = await Tool.Cli("rekey", dir, "--root", root);
        Assert.True(rekey.ExitCode == 0, rekey.ToString());
        var keyFile = File.ReadAllText(Path.Combine(dir, "keys", root, "current", "key.pem"));
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", keyFile);
        Assert.DoesNotContain("correct horse", keyFile);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!host.Log.Contains($"root {root} switched to key version 2", StringComparison.Ordinal) && !host.Log.Contains($"{root} switched to key version 2", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains("switched to key version 2", host.Log);
        Assert.DoesNotContain("correct horse", host.Log);
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "enc-leaf", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        var leaf = await host.SignAsync(root, "server", csr);
        Assert.True(leaf.ExitCode == 0, leaf + host.Log);
        var leafFile = Path.Combine(work.FullName, "enc-leaf.pem");
        File.WriteAllText(leafFile, leaf.Stdout);
        var verify = await OpenSslRequests.VerifyAsync(host.CaFile(root), leafFile);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    public void Dispose() => work.Delete(recursive: true);
}
