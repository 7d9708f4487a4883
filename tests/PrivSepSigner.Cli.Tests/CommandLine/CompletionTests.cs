namespace PrivSepSigner.Cli.Tests.CommandLine;

/// <summary>
/// Shell completion comes from the command tree itself ([suggest] directive), and the bash
/// script `completion bash` prints works in a real bash: completing "privsep-signer si" offers
/// "sign", and "privsep-signer list --st" offers "--status".
/// </summary>
public sealed class CompletionTests
{
    [Fact]
    public async Task The_suggest_directive_completes_commands_and_options()
    {
        var commands = await CliRun.RunAsync("[suggest:17]", "privsep-signer si");
        Assert.Equal(0, commands.ExitCode);
        Assert.Contains("sign", commands.Stdout.Split('\n'));
        var options = await CliRun.RunAsync("[suggest:24]", "privsep-signer list --st");
        Assert.Contains("--status", options.Stdout.Split('\n'));
    }

    [Theory]
    [InlineData("privsep-signer si", "sign")]
    [InlineData("privsep-signer list --st", "--status")]
    [InlineData("privsep-signer export --format ", "index-txt")]
    public async Task The_bash_script_completes_in_bash(string line, string expected)
    {
        var script = (await CliRun.RunAsync("completion", "bash")).Stdout;
        var words = line.Split(' ');
        var bash = $$"""
            {{script}}
            COMP_LINE='{{line}}'
            COMP_POINT={{line.Length}}
            COMP_WORDS=({{string.Join(' ', words.Select(w => $"'{w}'"))}})
            COMP_CWORD={{words.Length - 1}}
            COMP_WORDS[0]='{{ProgramRun.Bin("privsep-signer")}}'
            _privsep_signer_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var r = await ProgramRun.RunAsync("bash", ["-c", bash]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(expected, r.Stdout.Split('\n'));
    }
}
