using PrivSepSigner.Cli.Installation;

namespace PrivSepSigner.Cli.Commands;

/// <summary>`init DIR [--link-kind pty|unix]`: a development installation.</summary>
internal static class InitCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link-kind" }, new HashSet<string>());
        if (a.Positional is not [var dir])
        {
            throw new UsageException("init takes exactly one directory");
        }

        var kind = a.Optional("--link-kind") ?? "pty";
        if (kind is not ("pty" or "unix"))
        {
            throw new UsageException("--link-kind is pty or unix");
        }

        var config = DevInstallation.Create(dir, new DevInstallationOptions(kind, DevInstallationOptions.DefaultRoots));
        stdout.WriteLine($"created {config}");
        stdout.WriteLine($"start it with: privsep-signer up {Path.GetDirectoryName(config)}");
        return Task.FromResult(0);
    }
}
