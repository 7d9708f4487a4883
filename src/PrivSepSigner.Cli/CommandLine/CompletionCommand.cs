using System.CommandLine;

namespace PrivSepSigner.Cli.CommandLine;

/// <summary>
/// `completion bash|zsh`: a shell completion script. It asks the program itself through
/// System.CommandLine's [suggest:POSITION] directive, so completions always match the real
/// command tree (commands, options, fixed values). Install: `eval "$(privsep-signer completion bash)"`.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # privsep-signer completion for bash: eval "$(privsep-signer completion bash)"
        _privsep_signer_complete() {
            local IFS=$'\n'
            local words
            words=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=( $(compgen -W "${words}" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _privsep_signer_complete privsep-signer
        """;

    private const string Zsh = """
        # privsep-signer completion for zsh: eval "$(privsep-signer completion zsh)"
        _privsep_signer_complete() {
            local -a words
            words=("${(@f)$(${words[1]:-privsep-signer} "[suggest:${#BUFFER}]" "${BUFFER}" 2>/dev/null)}")
            compadd -a words
        }
        compdef _privsep_signer_complete privsep-signer
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "print a shell completion script: eval \"$(privsep-signer completion bash)\"") { shell };
        command.SetAction(CliApplication.Action(async (p, stdout, _) =>
        {
            await stdout.WriteLineAsync(p.GetRequiredValue(shell) == "bash" ? Bash : Zsh);
            return 0;
        }));
        return command;
    }
}
