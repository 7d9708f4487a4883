using PrivSepSigner.Cli.Installation;

namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// `init DIR [--link-kind pty|unix] [--pkcs11-module PATH --pkcs11-token LABEL --pkcs11-pin-file FILE]`:
/// a development installation; with the PKCS#11 options its CA keys are generated on that
/// (already initialised) token and never leave it.
/// </summary>
internal static class InitCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link-kind", "--pkcs11-module", "--pkcs11-token", "--pkcs11-pin-file" }, new HashSet<string>());
        if (a.Positional is not [var dir])
        {
            throw new UsageException("init takes exactly one directory");
        }

        var kind = a.Optional("--link-kind") ?? "pty";
        if (kind is not ("pty" or "unix"))
        {
            throw new UsageException("--link-kind is pty or unix");
        }

        TokenSpec? token = null;
        if (a.Optional("--pkcs11-module") is { } module)
        {
            token = new TokenSpec(
                module,
                a.Optional("--pkcs11-token") ?? throw new UsageException("--pkcs11-module needs --pkcs11-token"),
                a.Optional("--pkcs11-pin-file") ?? throw new UsageException("--pkcs11-module needs --pkcs11-pin-file"));
        }
        else if (a.Optional("--pkcs11-token") is not null || a.Optional("--pkcs11-pin-file") is not null)
        {
            throw new UsageException("--pkcs11-token and --pkcs11-pin-file need --pkcs11-module");
        }

        var config = DevInstallation.Create(dir, new DevInstallationOptions(kind, DevInstallationOptions.DefaultRoots, token));
        stdout.WriteLine($"created {config}");
        stdout.WriteLine($"start it with: privsep-signer up {Path.GetDirectoryName(config)}");
        return Task.FromResult(0);
    }
}
