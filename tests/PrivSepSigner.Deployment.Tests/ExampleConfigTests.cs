using System.Text.RegularExpressions;
using PrivSepSigner.Configuration;
using PrivSepSigner.Deployment.Tests.Infrastructure;

namespace PrivSepSigner.Deployment.Tests;

/// <summary>
/// The production examples an operator starts from (deploy/config): they load, offer the
/// link no CA-making profile (issue 15: no sub-CA, no OCSP responder), keep every secret in a
/// credential, differ from each other only where keys are kept, and name the same devices as
/// the comm unit, its AppArmor profile, the udev rules and the rsyslog drop-in.
/// </summary>
public sealed partial class ExampleConfigTests
{
    private static InstallationConfig File(string name) => ConfigLoader.Load(Repo.PathOf("deploy", "config", name));

    [Theory]
    [InlineData("config.json")]
    [InlineData("config.pkcs11.json")]
    public void Example_loads_with_roots_and_profiles_and_no_profile_makes_a_ca_or_an_ocsp_responder(string name)
    {
        var config = File(name);
        Assert.NotEmpty(config.Roots);
        Assert.All(config.Roots, r => Assert.NotEmpty(r.Profiles));
        Assert.All(config.Profiles, p =>
        {
            Assert.False(p.Value.Ca, $"{p.Key} makes a CA certificate");
            Assert.DoesNotContain("keyCertSign", p.Value.KeyUsage);
            Assert.DoesNotContain("OCSPSigning", p.Value.ExtendedKeyUsage);
            Assert.False(p.Value.OcspNoCheck, p.Key);
        });
        Assert.Equal("credential:audit-chain-key", config.Logging.MacKeyFile);
        Assert.Equal(new UsersConfig { Comm = "privsep-comm", Signer = "privsep-signerd", Group = "privsep" }, config.Users);
    }

    [Fact]
    public void Keys_are_encrypted_with_the_signer_secret_or_all_on_the_token_and_nothing_else_differs()
    {
        var file = File("config.json");
        var token = File("config.pkcs11.json");
        Assert.Null(file.Pkcs11);
        Assert.All(file.Roots, r => Assert.Equal("credential:signer-secret", r.PassphraseFile));
        Assert.Equal("credential:signer-secret", token.Pkcs11!.PinFile);
        Assert.All(token.Roots, r => Assert.Null(r.PassphraseFile));
        Assert.NotEqual(file.OpenPgpKeyFile, token.OpenPgpKeyFile);

        var same = token with { Pkcs11 = null, OpenPgpKeyFile = file.OpenPgpKeyFile, Roots = [.. token.Roots.Select(r => r with { PassphraseFile = "credential:signer-secret" })] };
        Assert.Equal(ConfigLoader.Serialize(file), ConfigLoader.Serialize(same));
    }

    [Fact]
    public void The_link_device_and_the_log_line_are_the_same_everywhere()
    {
        var link = File("config.json").Link;
        Assert.Equal(LinkKind.Tty, link.Kind);
        var unit = System.IO.File.ReadAllText(Repo.PathOf("systemd", "privsep-comm.service"));
        Assert.Contains($"\nBindPaths={link.Path}\n", unit);
        Assert.Contains($"\nDeviceAllow={link.Path} rw\n", unit);
        var profile = System.IO.File.ReadAllText(Repo.PathOf("apparmor", "usr.lib.privsep-signer.privsep-comm"));
        Assert.Contains($"\n@{{privsep_link}}={link.Path}\n", profile);

        var logLine = LogFile().Match(System.IO.File.ReadAllText(Repo.PathOf("deploy", "rsyslog", "signing-host.conf"))).Groups[1].Value;
        Assert.Contains($"\n@{{privsep_log_line}}={logLine}\n", profile);
        var rules = System.IO.File.ReadAllText(Repo.PathOf("deploy", "udev", "70-privsep-signer.rules"));
        Assert.Contains($"KERNEL==\"{Path.GetFileName(link.Path)}\", OWNER=\"privsep-comm\", GROUP=\"privsep-comm\", MODE=\"0600\"", rules);
        Assert.Contains($"KERNEL==\"{Path.GetFileName(logLine)}\", OWNER=\"root\", GROUP=\"root\", MODE=\"0600\"", rules);
    }

    [GeneratedRegex(@"action\(type=""omfile"" file=""(/dev/[^""]+)""")]
    private static partial Regex LogFile();
}
