using System.CommandLine;
using PrivSepSigner.Cli.Client;
using PrivSepSigner.Cli.Development;
using PrivSepSigner.Cli.Development.Benchmark;
using PrivSepSigner.Cli.Operator;
using PrivSepSigner.CommandLine;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.CommandLine;

/// <summary>
/// The command tree of privsep-signer and how its outcomes become exit statuses: 0 done,
/// 1 refused or failed (the signing host said no, a file or the link failed), 2 a usage error
/// (from the parser or a command's own check), 75 "retry later" (EX_TEMPFAIL: the spool was full,
/// or no answer came in time and the request may still be queued: the message says the request id to resend).
/// </summary>
internal static class CliApplication
{
    public const string ProgramName = "privsep-signer";

    /// <summary>Every command, in the order help lists them.</summary>
    public static RootCommand BuildTree()
    {
        var root = new RootCommand("privsep-signer: the operator's and the front end's command line of PrivSepSigner (README.md, docs/)")
        {
            HelpName = ProgramName,
        };
        Command[] commands =
        [
            InitCommand.Create(),
            UpCommand.Create(),
            RekeyCommand.Create(),
            CeremonyCommand.Create(),
            SignCommand.Create(),
            CaCertCommand.Create(),
            StatusCommand.Create(),
            RevokeCommand.Create(),
            RevokeCommand.CreateUnhold(),
            CrlCommand.Create(),
            ListCommand.Create(),
            ShowCommand.Create(),
            ExportCommand.Create(),
            BackupCommand.Create(),
            BackupCommand.CreateRestore(),
            PgpCommands.CreateSign(),
            PgpCommands.CreateCaKey(),
            AuditCommand.Create(),
            DemoCommand.Create(),
            BenchCommand.Create(),
            CrlBench.Create(),
            CompletionCommand.Create(),
            HelpCommand.Create(),
            ReferenceCommand.Create(),
        ];
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        // The ceremonies are defined (options, help, usage errors) in the key-holding program only.
        if (args is ["ceremony", .. var rest])
        {
            return Ceremony.PassThrough(rest);
        }

        return await CommandLineRunner.InvokeAsync(BuildTree(), args, output, error);
    }

    /// <summary>
    /// A command's action with the CLI's failure handling: the message on stderr, prefixed with
    /// the command's path, and the exit status for its kind.
    /// </summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(Func<ParseResult, TextWriter, CancellationToken, Task<int>> run) =>
        async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var name = CommandLineRunner.CommandPath(parse);
            try
            {
                return await run(parse, parse.InvocationConfiguration.Output, ct);
            }
            catch (UsageException e)
            {
                await error.WriteLineAsync($"{name}: {e.Message}");
                await error.WriteLineAsync($"Run '{name} --help' for usage.");
                return CommandLineRunner.UsageExit;
            }
            catch (RefusedException e)
            {
                await error.WriteLineAsync($"{name}: refused: {e.Error.Code}: {e.Error.Message}");
                if (e.Error.Code is ErrorCode.RetryLater or ErrorCode.Unavailable)
                {
                    // Not a refusal of the request: the host could not take or finish it now.
                    await error.WriteLineAsync($"{name}: resend later with --request-id {e.Error.RequestId} (the same id is answered once and never signed twice)");
                    return 75; // EX_TEMPFAIL
                }

                return 1;
            }
            catch (AnswerTimeoutException e)
            {
                await error.WriteLineAsync($"{name}: {e.Message}");
                return 75;
            }
            catch (Exception e) when (e is IOException or TimeoutException or ProtocolException or UnauthorizedAccessException or InvalidDataException)
            {
                await error.WriteLineAsync($"{name}: {e.Message}");
                return 1;
            }
        };
}
