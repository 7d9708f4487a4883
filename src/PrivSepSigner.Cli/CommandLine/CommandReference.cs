using System.CommandLine;
using System.Text;

namespace PrivSepSigner.Cli.CommandLine;

/// <summary>
/// The command reference of README.md ("Command line"), rendered from the real tree: one
/// synopsis per command (arguments, required options, then optional ones in brackets) and its
/// description. README holds exactly this text, so the two cannot drift
/// (PrivSepSigner.Cli.Tests: ReadmeReferenceTests).
/// </summary>
internal static class CommandReference
{
    public static string Render(RootCommand root)
    {
        var text = new StringBuilder();
        foreach (var command in root.Subcommands.Where(c => !c.Hidden))
        {
            Render(command, CliApplication.ProgramName, text);
        }

        return text.ToString();
    }

    /// <summary>One synopsis: `privsep-signer PATH ARGS --required X [--optional Y]`.</summary>
    public static string Synopsis(Command command, string prefix)
    {
        var parts = new List<string> { prefix, command.Name };
        parts.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a => a.Arity.MinimumNumberOfValues == 0 ? $"[{a.Name}...]" : a.Arity.MaximumNumberOfValues > 1 ? $"{a.Name}..." : a.Name));
        var options = command.Options.Where(o => !o.Hidden && o.Name is not ("--help" or "--version")).ToList();
        parts.AddRange(options.Where(o => o.Required).Select(OptionText));
        parts.AddRange(options.Where(o => !o.Required).Select(o => $"[{OptionText(o)}]"));
        return string.Join(' ', parts);
    }

    private static void Render(Command command, string prefix, StringBuilder text)
    {
        if (command.Subcommands.Count > 0)
        {
            foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
            {
                Render(sub, $"{prefix} {command.Name}", text);
            }

            return;
        }

        text.Append("    ").Append(Synopsis(command, prefix)).Append('\n');
        text.Append("        ").Append(command.Description).Append('\n');
    }

    private static string OptionText(Option o)
    {
        var repeat = o.Arity.MaximumNumberOfValues > 1 ? "..." : string.Empty;
        return o.ValueType == typeof(bool) ? o.Name : $"{o.Name} {o.HelpName ?? o.Name.TrimStart('-').ToUpperInvariant()}{repeat}";
    }
}
