using System.CommandLine;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Cli.Installation;

namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// `rekey DIR --root NAME [--algorithm A] [--days N]`: a new key version for a root, with a
/// self-signed certificate of the same subject, made current at once; a running signer
/// switches to it without a restart. `ceremony VERB ...` passes the other key ceremonies to
/// privsep-signerd. Both run the key work in the signer's executable, never here.
/// </summary>
internal static class KeyCommands
{
    public static Command CreateRekey()
    {
        var dir = new Argument<string>("DIR") { Description = "the development installation" };
        var root = CliOptions.Root(required: true);
        var algorithm = new Option<string>("--algorithm") { HelpName = "ALGORITHM", Description = "the new key's type, rsa-2048|rsa-3072|rsa-4096|p-256|p-384 (default: the current key's)" };
        var days = new Option<string>("--days") { HelpName = "N", Description = "validity of the new CA certificate in days (default 3650)" };
        var command = new Command("rekey", "a new key version for a root, switched to atomically; a running signer picks it up") { dir, root, algorithm, days };
        command.SetAction(CliApplication.Action(async (p, stdout, _) =>
        {
            var config = DevInstallation.ConfigPathOf(p.GetRequiredValue(dir));
            List<string> ceremony = ["root-key", "--config", config, "--root", p.GetRequiredValue(root)];
            foreach (var (option, value) in new[] { ("--algorithm", p.GetValue(algorithm)), ("--days", p.GetValue(days)) })
            {
                if (value is not null)
                {
                    ceremony.AddRange([option, value]);
                }
            }

            await stdout.WriteAsync(Ceremony.Run([.. ceremony]));
            return 0;
        }));
        return command;
    }

    /// <summary>Listed here for help and completion; <see cref="CliApplication.RunAsync"/> hands `ceremony ...` to privsep-signerd unparsed.</summary>
    public static Command CreateCeremony()
    {
        var rest = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore, Description = "VERB and its options, as privsep-signerd ceremony takes them" };
        var command = new Command("ceremony", "key ceremonies run by privsep-signerd: root-key, subca-request, install-cert, openpgp-key, sign-csr (`privsep-signer ceremony VERB --help`; docs/key-management.md)") { rest };
        command.SetAction(p => Ceremony.PassThrough(p.GetValue(rest) ?? []));
        return command;
    }
}
