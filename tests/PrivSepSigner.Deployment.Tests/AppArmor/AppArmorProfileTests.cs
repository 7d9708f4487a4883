using PrivSepSigner.Deployment.Tests.Infrastructure;

namespace PrivSepSigner.Deployment.Tests.AppArmor;

/// <summary>
/// The shipped profiles, compiled by the real apparmor_parser and evaluated path by path
/// (this kernel has no AppArmor to load them into): what each program must and must not reach.
/// The evaluator itself is checked on globbing and deny-wins first.
/// </summary>
public sealed class AppArmorProfileTests
{
    [Theory]
    [InlineData("/a/*", "/a/b", true)]
    [InlineData("/a/*", "/a/", false)]
    [InlineData("/a/*", "/a/b/c", false)]
    [InlineData("/a/**", "/a/b/c/", true)]
    [InlineData("/a/b*", "/a/b", true)]
    [InlineData("/dev/ttyS[0-9]*", "/dev/ttyS1", true)]
    [InlineData("/dev/ttyS[0-9]*", "/dev/ttyUSB0", false)]
    [InlineData("/{usr/,}lib{,32,64}/**.so*", "/usr/lib64/x/libc.so.6", true)]
    [InlineData("/{usr/,}lib{,32,64}/**.so*", "/lib/libc.so", true)]
    [InlineData("{/etc/,/usr/etc/}/ld.so.cache", "/etc/ld.so.cache", true)]
    [InlineData("/proc//meminfo", "/proc/meminfo", true)]
    [InlineData("/etc/", "/etc", false)]
    [InlineData("/run/credentials/[^p]*/x", "/run/credentials/run-u5.service/x", true)]
    [InlineData("/run/credentials/[^p]*/x", "/run/credentials/privsep-comm.service/x", false)]
    public void Patterns_glob_as_apparmor_does(string pattern, string path, bool matches) =>
        Assert.Equal(matches, new AaPattern(pattern).Matches(path));

    [Fact]
    public void A_deny_rule_wins_over_an_allow_rule_and_variables_expand()
    {
        var profile = Assert.Single(AppArmorProfile.Parse("""
            @{d}=/srv/a /srv/b
            profile t /usr/bin/t {
              @{d}/** rw,
              deny /srv/b/secret r,
              /srv/c/x ix,
            }
            """));
        Assert.Null(profile.Refusal("/srv/a/f", "rw"));
        Assert.Null(profile.Refusal("/srv/b/f", "a"));
        Assert.Contains("denied", profile.Refusal("/srv/b/secret", "r"));
        Assert.Null(profile.Refusal("/srv/b/secret", "w"));
        Assert.Null(profile.Refusal("/srv/c/x", "x"));
        Assert.Contains("no rule allows 'm'", profile.Refusal("/srv/c/x", "m"));
    }

    [Theory]
    [InlineData("/var/spool/privsep-signer/incoming.tmp/001a-x.tmp", "rw")]
    [InlineData("/var/spool/privsep-signer/incoming/001a-x", "w")]
    [InlineData("/var/spool/privsep-signer/outbox/001a-x", "r")]
    [InlineData("/var/spool/privsep-signer/outbox.fifo", "rw")]
    [InlineData("/var/spool/privsep-signer/incoming.fifo", "w")]
    [InlineData("/run/credentials/privsep-comm.service/audit-chain-key", "r")]
    [InlineData("/etc/privsep-signer/config.json", "r")]
    [InlineData("/run/privsep-log/log.sock", "w")]
    public async Task Comm_may(string path, string perms) =>
        Assert.Null((await Profile("privsep-comm")).Refusal(path, perms));

    [Theory]
    [InlineData("/etc/privsep-signer/keys/root-ec/versions/1/key.pem", "r")]
    [InlineData("/etc/privsep-signer/keys/", "r")]
    [InlineData("/etc/privsep-signer/credentials/signer-secret", "r")]
    [InlineData("/var/lib/privsep-signer/issuance.db", "r")]
    [InlineData("/run/credentials/privsep-signerd.service/signer-secret", "r")]
    [InlineData("/run/credentials/run-u7.service/signer-secret", "r")]
    [InlineData("/var/spool/privsep-signer/outbox/001a-x", "w")]
    [InlineData("/var/spool/privsep-signer/outbox.tmp/001a-x", "w")]
    [InlineData("/dev/ttyS1", "w")]
    [InlineData("/dev/ttyS0", "r")]
    public async Task Comm_may_not(string path, string perms) =>
        Assert.NotNull((await Profile("privsep-comm")).Refusal(path, perms));

    [Theory]
    [InlineData("/etc/privsep-signer/keys/root-ec/versions/2/key.pem", "r")]
    [InlineData("/run/credentials/privsep-signerd.service/signer-secret", "r")]
    [InlineData("/run/credentials/privsep-signerd.service/audit-chain-key", "r")]
    [InlineData("/var/spool/privsep-signer/incoming.fifo", "rw")]
    [InlineData("/var/spool/privsep-signer/outbox.fifo", "w")]
    [InlineData("/var/lib/privsep-signer/issuance.db-wal", "rwk")]
    public async Task Signer_may(string path, string perms) =>
        Assert.Null((await Profile("privsep-signerd")).Refusal(path, perms));

    [Theory]
    [InlineData("/etc/privsep-signer/keys/root-ec/versions/3/key.pem", "w")]
    [InlineData("/etc/privsep-signer/config.json", "w")]
    [InlineData("/run/credentials/run-u7.service/signer-secret", "r")]
    [InlineData("/run/credentials/privsep-comm.service/audit-chain-key", "r")]
    [InlineData("/dev/ttyUSB0", "rw")]
    [InlineData("/var/spool/privsep-signer/incoming.tmp/x", "w")]
    public async Task Signer_may_not(string path, string perms) =>
        Assert.NotNull((await Profile("privsep-signerd")).Refusal(path, perms));

    [Theory]
    [InlineData("/etc/privsep-signer/keys/root-ec/versions/3/key.pem", "w")]
    [InlineData("/etc/privsep-signer/keys/root-ec/versions/3/", "w")]
    [InlineData("/etc/privsep-signer/keys/openpgp/secret.asc", "w")]
    [InlineData("/run/credentials/run-u7.service/signer-secret", "r")]
    [InlineData("/etc/privsep-signer/config.json", "r")]
    public async Task The_key_ceremony_may(string path, string perms) =>
        Assert.Null((await Profile("privsep-signerd-ceremony")).Refusal(path, perms));

    [Theory]
    [InlineData("/var/spool/privsep-signer/incoming/x", "r")]
    [InlineData("/var/lib/privsep-signer/issuance.db", "r")]
    [InlineData("/etc/privsep-signer/credentials/audit-chain-key.comm", "r")]
    [InlineData("/etc/privsep-signer/config.json", "w")]
    public async Task The_key_ceremony_may_not(string path, string perms) =>
        Assert.NotNull((await Profile("privsep-signerd-ceremony")).Refusal(path, perms));

    private static async Task<AppArmorProfile> Profile(string name)
    {
        var file = name switch
        {
            "privsep-comm" => "usr.lib.privsep-signer.privsep-comm",
            "privsep-signerd" => "usr.lib.privsep-signer.privsep-signerd",
            _ => "usr.lib.privsep-signer.privsep-signerd-ceremony",
        };
        return Assert.Single(await AppArmorProfile.LoadAsync(Repo.PathOf("apparmor", file)), p => p.Name == name);
    }
}
