using System.CommandLine;

namespace PrivSepSigner.Cli.CommandLine;

/// <summary>`help [COMMAND...]`: the same as `COMMAND... --help` (exit 0).</summary>
internal static class HelpCommand
{
    public static Command Create()
    {
        var path = new Argument<string[]>("COMMAND") { Description = "the command to describe, e.g. `help audit verify`", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "show the help of a command (the same as COMMAND --help)") { path };
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
            await PrivSepSigner.CommandLine.CommandLineRunner.InvokeAsync(CliApplication.BuildTree(), [.. p.GetValue(path) ?? [], "--help"], stdout, p.InvocationConfiguration.Error, ct)));
        return command;
    }
}
