using System.Globalization;
using System.Text.RegularExpressions;
using PrivSepSigner.Deployment.Tests.Infrastructure;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.Deployment.Tests;

/// <summary>
/// The sandbox around each daemon, checked by the real tools: systemd's own exposure score
/// (a change that raises it fails here) and the AppArmor compiler with warnings as errors.
/// </summary>
public sealed partial class HardeningTests
{
    [Theory]
    [InlineData("privsep-signerd.service", 0.4)]
    [InlineData("privsep-comm.service", 0.5)]
    public async Task Systemd_exposure_score_stays_at_or_below_the_limit(string unit, double limit)
    {
        var r = await Tool.RunAsync("systemd-analyze", ["security", "--offline=true", Repo.PathOf("systemd", unit)]);
        var m = ScoreLine().Match(r.Stdout);
        Assert.True(m.Success, r.ToString());
        var score = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(score <= limit, $"{unit} scores {score}, limit {limit}\n{r.Stdout}");
    }

    [Fact]
    public async Task Systemd_units_verify_clean_apart_from_the_uninstalled_binaries()
    {
        var r = await Tool.RunAsync("systemd-analyze", ["verify", Repo.PathOf("systemd", "privsep-signerd.service"), Repo.PathOf("systemd", "privsep-comm.service")]);
        var complaints = (r.Stdout + r.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.Contains("is not executable: No such file or directory", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(complaints);
    }

    [Theory]
    [InlineData("usr.lib.privsep-signer.privsep-signerd")]
    [InlineData("usr.lib.privsep-signer.privsep-signerd-ceremony")]
    [InlineData("usr.lib.privsep-signer.privsep-comm")]
    public async Task AppArmor_profile_compiles_with_warnings_as_errors(string profile)
    {
        var r = await Tool.RunAsync("apparmor_parser", ["-Q", "-K", "-I", Repo.PathOf("apparmor"), "-b", "/etc/apparmor.d",
            "--Werror=deprecated", "--Werror=format", "--Werror=abi", "--Werror=dangerous", "--Werror=rule-downgraded",
            Repo.PathOf("apparmor", profile)]);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Theory]
    [InlineData("/etc/privsep-signer/keys/**")]
    [InlineData("/etc/privsep-signer/credentials/**")]
    [InlineData("/var/lib/privsep-signer/**")]
    [InlineData("/run/credentials/privsep-signerd.service/**")]
    [InlineData("/run/credentials/run-*/**")]
    public void Comm_profile_explicitly_denies_secrets(string path)
    {
        var text = File.ReadAllText(Repo.PathOf("apparmor", "usr.lib.privsep-signer.privsep-comm"));
        Assert.Matches($@"(?m)^\s*deny {Regex.Escape(path)} rwklmx,", text);
    }

    [Fact]
    public void Signer_profile_denies_network_and_the_link()
    {
        var text = File.ReadAllText(Repo.PathOf("apparmor", "usr.lib.privsep-signer.privsep-signerd"));
        Assert.Matches(@"(?m)^\s*deny network inet,", text);
        Assert.Matches(@"(?m)^\s*deny network inet6,", text);
        Assert.Matches(@"(?m)^\s*deny /dev/tty\* rw,", text);
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+)")]
    private static partial Regex ScoreLine();
}
