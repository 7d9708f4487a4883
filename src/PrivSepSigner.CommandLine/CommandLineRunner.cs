using System.CommandLine;
using System.CommandLine.Invocation;

namespace PrivSepSigner.CommandLine;

/// <summary>
/// Runs a command tree the same way in all three programs: every usage error (unknown command
/// or option, missing options, all reported at once, a bad value) is printed on stderr with
/// typo suggestions and a pointer to the command's --help, and exits 2 (EX_USAGE in spirit;
/// sysexits' 64 is not what scripts here expect). --help, -h and --version exit 0. Exceptions
/// of the commands themselves are the program's to map, so they propagate.
/// </summary>
public static class CommandLineRunner
{
    /// <summary>The exit status of every usage error.</summary>
    public const int UsageExit = 2;

    public static async Task<int> InvokeAsync(RootCommand root, IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            ReportErrors(parse, error);
            return UsageExit;
        }

        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            // The daemons and `up` handle SIGTERM/SIGINT themselves.
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, ct);
    }

    /// <summary>The errors, typo suggestions and where help is, all on stderr.</summary>
    public static void ReportErrors(ParseResult parse, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(error);
        if (parse.Action is ParseErrorAction action)
        {
            action.ShowHelp = false;
            action.ShowTypoCorrections = true;
            parse.Invoke(new InvocationConfiguration { Output = error, Error = error, EnableDefaultExceptionHandler = false });
        }
        else
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine(e.Message);
            }
        }

        error.WriteLine($"Run '{CommandPath(parse)} --help' for usage.");
    }

    /// <summary>"privsep-signer ceremony root-key": the program's name and the command's path.</summary>
    public static string CommandPath(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var names = new List<string>();
        for (var c = parse.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(c.Command is RootCommand r ? ProgramName(r) : c.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>The name a root command is called by (its help name, else the executable's).</summary>
    public static string ProgramName(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root.HelpName ?? RootCommand.ExecutableName;
    }
}
