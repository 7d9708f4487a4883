using System.CommandLine;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Cli.Operator;

namespace PrivSepSigner.Cli.Development;

/// <summary>
/// `rekey DIR --root NAME [--algorithm A] [--days N]`: a new key version for a root of a
/// development installation, with a self-signed certificate of the same subject, made current at
/// once; a running signer switches to it without a restart. The key work runs in the signer's
/// executable (<see cref="Ceremony"/>), never here. On a signing host the operator runs
/// `privsep-signerd ceremony root-key` as the signer user instead (README, "Rotation").
/// </summary>
internal static class RekeyCommand
{
    public static Command Create()
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
}
