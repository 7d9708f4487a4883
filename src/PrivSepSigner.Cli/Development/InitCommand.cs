using System.CommandLine;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Configuration;

namespace PrivSepSigner.Cli.Development;

/// <summary>
/// `init DIR [--link-kind pty|unix] [--pkcs11-module PATH --pkcs11-token LABEL --pkcs11-pin-file FILE]`:
/// a development installation; with the PKCS#11 options its CA keys are generated on that
/// (already initialised) token and never leave it.
/// </summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "where to create it (must not hold an installation)" };
        var kind = CliOptions.OneOf("--link-kind", "the front end's link: a pseudo-terminal or a Unix socket", "pty", "pty", "unix");
        var module = new Option<string>("--pkcs11-module") { HelpName = "PATH", Description = "PKCS#11 module holding the CA keys (with --pkcs11-token and --pkcs11-pin-file)" };
        var token = new Option<string>("--pkcs11-token") { HelpName = "LABEL", Description = "the token's label" };
        var pin = new Option<string>("--pkcs11-pin-file") { HelpName = "FILE", Description = "the token's user PIN (0600 file)" };
        var command = new Command("init", "create a development installation (CA keys on the token if given)") { dir, kind, module, token, pin };
        CrossChecks.Add(command, r =>
        {
            var given = new[] { module, token, pin }.Count(o => CrossChecks.Given(r, o));
            if (given is not (0 or 3))
            {
                r.AddError("--pkcs11-module, --pkcs11-token and --pkcs11-pin-file go together");
            }
        });
        command.SetAction(CliApplication.Action(async (p, stdout, _) =>
        {
            var spec = p.GetValue(module) is { } m ? new TokenSpec(m, p.GetRequiredValue(token), p.GetRequiredValue(pin)) : null;
            var config = DevInstallation.Create(p.GetRequiredValue(dir), new DevInstallationOptions(LinkKindOf(p.GetRequiredValue(kind)), DevInstallationOptions.DefaultRoots, spec));
            await stdout.WriteLineAsync($"created {config}");
            await stdout.WriteLineAsync($"start it with: privsep-signer up {Path.GetDirectoryName(config)}");
            return 0;
        }));
        return command;
    }

    // The option's values are a subset of the config file's spellings, checked by the parser.
    private static LinkKind LinkKindOf(string text) =>
        ConfigSpellings.LinkKinds.TryParse(text, out var kind) ? kind : throw new ArgumentOutOfRangeException(nameof(text), text, "not a link kind");
}
