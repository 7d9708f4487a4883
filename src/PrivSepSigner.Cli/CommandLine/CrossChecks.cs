using System.CommandLine;
using System.CommandLine.Parsing;

namespace PrivSepSigner.Cli.CommandLine;

/// <summary>
/// Checks that tie options together (one of two, these go together). System.CommandLine runs a
/// command's validators before its required-option checks and stops there, so a cross-check
/// waits until every required option is present: the missing ones are all reported at once
/// first, then the cross-check.
/// </summary>
internal static class CrossChecks
{
    public static void Add(Command command, Action<CommandResult> check)
    {
        command.Validators.Add(r =>
        {
            if (command.Options.Any(o => o.Required && r.GetResult(o) is null)
                || command.Arguments.Any(a => a.Arity.MinimumNumberOfValues > 0 && r.GetResult(a) is null))
            {
                return;
            }

            try
            {
                check(r);
            }
            catch (InvalidOperationException)
            {
                // A value the check reads did not parse: that error is reported already.
            }
        });
    }

    /// <summary>Whether the command line gave the option (a default value does not count).</summary>
    public static bool Given(CommandResult r, Option option) => r.GetResult(option) is { Implicit: false };
}
