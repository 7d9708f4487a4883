using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Keys;

/// <summary>
/// `init --pkcs11-module --pkcs11-token --pkcs11-pin-file` on a real SoftHSM2 token: the CA
/// keys, the OpenPGP CA key among them, are generated on the token by the signer's ceremony,
/// are sensitive and never extractable, key.pem holds only a pkcs11: URI, the OpenPGP key file
/// only the token key's name and the public key ring, and certificates and OpenPGP
/// certifications issued through the whole path verify with openssl and gpg. A rekey makes a
/// second token key and the signer switches to it.
/// </summary>
public sealed class TokenInstallationTests : IAsyncLifetime
{
    private const string Module = "/usr/lib/softhsm/libsofthsm2.so";
    private const string TokenLabel = "pss-ca";
    private const string Pin = "2468";

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-token-");
    private SignerHost host = null!;
    private string softHsmConf = "";

    public async Task InitializeAsync()
    {
        var tokens = Directory.CreateDirectory(Path.Combine(work.FullName, "tokens")).FullName;
        softHsmConf = Path.Combine(work.FullName, "softhsm2.conf");
        File.WriteAllText(softHsmConf, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n");

        // The daemons and ceremonies are children of this process and inherit it; nothing else here uses SoftHSM.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", softHsmConf);
        var token = await Tool.RunAsync("softhsm2-util", ["--init-token", "--free", "--label", TokenLabel, "--pin", Pin, "--so-pin", "97531"]);
        Assert.True(token.ExitCode == 0, token.ToString());

        var pinFile = Path.Combine(work.FullName, "pin");
        File.WriteAllText(pinFile, Pin + "\n");
        File.SetUnixFileMode(pinFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        host = await SignerHost.StartAsync("unix", initOptions: ["--pkcs11-module", Module, "--pkcs11-token", TokenLabel, "--pkcs11-pin-file", pinFile]);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        work.Delete(recursive: true);
    }

    [Fact]
    public async Task Keys_live_on_the_token_and_issued_certificates_verify()
    {
        foreach (var root in new[] { "root-rsa", "root-ec" })
        {
            var keyFile = File.ReadAllText(Path.Combine(host.Dir, "keys", root, "current", "key.pem"));
            Assert.StartsWith($"pkcs11:token={TokenLabel};object={root}-", keyFile);
            Assert.DoesNotContain("PRIVATE KEY", keyFile);
            await SignAndVerifyAsync(root);
        }

        var objects = await Tool.RunAsync("pkcs11-tool", ["--module", Module, "--token-label", TokenLabel, "--login", "--pin", Pin, "--list-objects", "--type", "privkey"]);
        Assert.True(objects.ExitCode == 0, objects.ToString());
        var keys = objects.Stdout.Split("Private Key Object", StringSplitOptions.RemoveEmptyEntries).Where(o => o.Contains("label:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, keys.Count); // two roots and the OpenPGP CA key
        Assert.All(keys, k =>
        {
            Assert.Contains("sensitive", k);
            Assert.Contains("never extractable", k);
        });
    }

    [Fact]
    public async Task The_openpgp_ca_key_is_on_the_token_and_gpg_checks_its_certifications()
    {
        var keyFile = File.ReadAllText(Path.Combine(host.Dir, "keys", "openpgp", "token-key.asc"));
        Assert.StartsWith($"pkcs11:token={TokenLabel};object=openpgp-", keyFile);
        Assert.False(File.Exists(Path.Combine(host.Dir, "keys", "openpgp", "secret.asc")));
        foreach (var file in Directory.GetFiles(Path.Combine(host.Dir, "keys"), "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("PRIVATE KEY", text);
            Assert.DoesNotContain("PRIVATE KEY BLOCK", text);
        }

        var gpgHome = Directory.CreateDirectory(Path.Combine(work.FullName, "gpg")).FullName;
        File.SetUnixFileMode(gpgHome, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Task<ProcessResult> Gpg(params string[] args) => Tool.RunAsync("gpg", ["--homedir", gpgHome, "--batch", "--passphrase", "", "--pinentry-mode", "loopback", .. args]);
        var packets = await Gpg("--list-packets", Path.Combine(host.Dir, "keys", "openpgp", "token-key.asc"));
        Assert.Contains(":public key packet:", packets.Stdout);
        Assert.DoesNotContain(":secret", packets.Stdout);

        Assert.Equal(0, (await Gpg("--quick-gen-key", "Alice Example <alice@example.test>", "ed25519", "cert", "never")).ExitCode);
        var alice = Path.Combine(work.FullName, "alice.asc");
        File.WriteAllText(alice, (await Gpg("--armor", "--export", "alice@example.test")).Stdout);
        var signed = await Tool.Cli("pgp-sign", "--link", host.Link, "--key", alice);
        Assert.True(signed.ExitCode == 0, signed + host.Log);
        var caKey = await Tool.Cli("pgp-ca-key", "--link", host.Link);
        Assert.Equal(0, caKey.ExitCode);
        File.WriteAllText(Path.Combine(work.FullName, "ca.asc"), caKey.Stdout);
        File.WriteAllText(Path.Combine(work.FullName, "alice-signed.asc"), signed.Stdout);
        Assert.Equal(0, (await Gpg("--import", Path.Combine(work.FullName, "ca.asc"), Path.Combine(work.FullName, "alice-signed.asc"))).ExitCode);
        var ca = await Gpg("--with-colons", "--check-sigs", "PrivSepSigner Development CA");
        var caKeyId = System.Text.RegularExpressions.Regex.Match(ca.Stdout, "(?m)^pub:[^:]*:[^:]*:[^:]*:([0-9A-F]{16}):").Groups[1].Value;
        Assert.Matches($"(?m)^sig:!::1:{caKeyId}:", ca.Stdout); // the self-certification, made on the token
        var sigs = await Gpg("--with-colons", "--check-sigs", "alice@example.test");
        Assert.Matches($"(?m)^sig:!::1:{caKeyId}:", sigs.Stdout); // the certification, made on the token
    }

    [Fact]
    public async Task A_rekey_makes_a_new_token_key_and_the_signer_switches_to_it()
    {
        var before = File.ReadAllText(Path.Combine(host.Dir, "keys", "root-ec", "current", "key.pem"));
        var rekey = await Tool.Cli("rekey", host.Dir, "--root", "root-ec");
        Assert.True(rekey.ExitCode == 0, rekey.ToString());
        var after = File.ReadAllText(Path.Combine(host.Dir, "keys", "root-ec", "current", "key.pem"));
        Assert.StartsWith($"pkcs11:token={TokenLabel};", after);
        Assert.NotEqual(before, after);

        Assert.Equal(0, (await Tool.RunAsync("pkill", ["-HUP", "-f", $"privsep-signerd --config {host.Dir}/config.json"])).ExitCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!host.Log.Contains("root-ec switched to key version 2", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains("root-ec switched to key version 2", host.Log);
        await SignAndVerifyAsync("root-ec");
    }

    private async Task SignAndVerifyAsync(string root)
    {
        var csr = Path.Combine(work.FullName, $"{root}-{Guid.NewGuid():N}.csr");
        File.WriteAllText(csr, System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE REQUEST", TestCsrs.DotNetP256("token.example.test")));
        var r = await host.SignAsync(root, "server", csr);
        Assert.True(r.ExitCode == 0, r + host.Log);
        var cert = Path.Combine(work.FullName, $"{root}-{Guid.NewGuid():N}.pem");
        File.WriteAllText(cert, r.Stdout);
        var verify = await OpenSslRequests.VerifyAsync(host.CaFile(root), cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }
}
