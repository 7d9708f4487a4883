namespace PrivSepSigner.Cli.Tests.Operator;

/// <summary>
/// `privsep-signer ceremony ...` is privsep-signerd's ceremony tree: its help, its missing
/// options all at once, its exit 2. Before, `ceremony root-key --help` failed with "options
/// come in pairs: --name value".
/// </summary>
public sealed class CeremonyPassThroughTests
{
    [Theory]
    [InlineData("root-key", "--algorithm")]
    [InlineData("subca-request", "--out")]
    [InlineData("install-cert", "--pending")]
    [InlineData("openpgp-key", "--user-id")]
    public async Task Each_ceremony_has_help(string verb, string option)
    {
        var r = await ProgramRun.RunAsync(ProgramRun.Bin("privsep-signer"), ["ceremony", verb, "--help"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"privsep-signerd ceremony {verb}", r.Stdout);
        Assert.Contains(option, r.Stdout);
    }

    [Fact]
    public async Task A_ceremony_without_its_options_names_them_all_and_exits_2()
    {
        var r = await ProgramRun.RunAsync(ProgramRun.Bin("privsep-signer"), ["ceremony", "subca-request"]);
        Assert.Equal(2, r.ExitCode);
        foreach (var option in new[] { "--config", "--root", "--algorithm", "--subject", "--out" })
        {
            Assert.Contains($"Option '{option}' is required.", r.Stderr);
        }
    }

    [Fact]
    public async Task An_unknown_algorithm_is_a_usage_error()
    {
        var r = await ProgramRun.RunAsync(ProgramRun.Bin("privsep-signerd"), ["ceremony", "root-key", "--config", "/nonexistent", "--root", "r", "--algorithm", "dsa-1024"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("p-256", r.Stderr);
    }

    [Theory]
    [InlineData("privsep-signerd")]
    [InlineData("privsep-comm")]
    public async Task The_daemons_take_config_and_say_so(string daemon)
    {
        var missing = await ProgramRun.RunAsync(ProgramRun.Bin(daemon), []);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Option '--config' is required.", missing.Stderr);
        var help = await ProgramRun.RunAsync(ProgramRun.Bin(daemon), ["--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--config <PATH>", help.Stdout);
        var version = await ProgramRun.RunAsync(ProgramRun.Bin(daemon), ["--version"]);
        Assert.Equal(0, version.ExitCode);
    }
}
