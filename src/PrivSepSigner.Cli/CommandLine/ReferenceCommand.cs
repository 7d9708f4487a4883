using System.CommandLine;

namespace PrivSepSigner.Cli.CommandLine;

/// <summary>`reference`: README's command reference, generated from the command tree (a test keeps README equal to it).</summary>
internal static class ReferenceCommand
{
    public static Command Create()
    {
        var command = new Command("reference", "print README's command reference, made from this command tree") { Hidden = true };
        command.SetAction(CliApplication.Action(async (_, stdout, _) =>
        {
            await stdout.WriteAsync(CommandReference.Render(CliApplication.BuildTree()));
            return 0;
        }));
        return command;
    }
}
