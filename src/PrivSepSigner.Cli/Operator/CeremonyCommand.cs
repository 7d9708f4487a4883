using System.CommandLine;
using PrivSepSigner.Cli.CommandLine;

namespace PrivSepSigner.Cli.Operator;

/// <summary>
/// `ceremony VERB ...`: the key ceremonies of privsep-signerd (root-key, subca-request,
/// install-cert, openpgp-key, sign-csr), passed to it unparsed (<see cref="Ceremony.PassThrough"/>);
/// the key work runs in the signer's executable, never here.
/// </summary>
internal static class CeremonyCommand
{
    /// <summary>Listed here for help and completion; <see cref="CliApplication.RunAsync"/> hands `ceremony ...` to privsep-signerd unparsed.</summary>
    public static Command Create()
    {
        var rest = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore, Description = "VERB and its options, as privsep-signerd ceremony takes them" };
        var command = new Command("ceremony", "key ceremonies run by privsep-signerd: root-key, subca-request, install-cert, openpgp-key, sign-csr (`privsep-signer ceremony VERB --help`; docs/key-management.md)") { rest };
        command.SetAction(p => Ceremony.PassThrough(p.GetValue(rest) ?? []));
        return command;
    }
}
