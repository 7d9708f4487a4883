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
    public static Task<int> RekeyAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--root", "--algorithm", "--days" }, new HashSet<string>());
        if (a.Positional is not [var dir])
        {
            throw new UsageException("rekey takes exactly one installation directory");
        }

        var config = Path.Combine(Path.GetFullPath(dir), DevInstallation.ConfigFileName);
        var root = a.Optional("--root") ?? throw new UsageException("--root is required");
        List<string> ceremony = ["root-key", "--config", config, "--root", root];
        foreach (var option in new[] { "--algorithm", "--days" })
        {
            if (a.Optional(option) is { } value)
            {
                ceremony.AddRange([option, value]);
            }
        }

        stdout.Write(Ceremony.Run([.. ceremony]));
        return Task.FromResult(0);
    }

    public static Task<int> CeremonyAsync(string[] args, TextWriter stdout)
    {
        if (args is ["sign-csr", ..])
        {
            // It asks the operator to confirm: the terminal is the ceremony's own.
            return Task.FromResult(Ceremony.RunInteractive(args));
        }

        if (args is not [("root-key" or "subca-request" or "install-cert" or "openpgp-key"), ..])
        {
            throw new UsageException("ceremony root-key|subca-request|install-cert|openpgp-key|sign-csr --config PATH ... (see privsep-signerd)");
        }

        stdout.Write(Ceremony.Run(args));
        return Task.FromResult(0);
    }
}
