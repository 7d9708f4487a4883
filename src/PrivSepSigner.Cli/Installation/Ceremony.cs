using System.Diagnostics;
using PrivSepSigner.Cli.Supervision;

namespace PrivSepSigner.Cli.Installation;

/// <summary>
/// Runs key ceremonies in the key-holding executable (privsep-signerd ceremony ...), so this
/// CLI never generates or holds a CA key (an architecture test keeps key code out of it).
/// What the ceremony prints (public facts only) is passed through.
/// </summary>
internal static class Ceremony
{
    public static string Run(params string[] args)
    {
        using var p = Start(args, redirect: true);
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new IOException($"key ceremony {args[0]} failed: {stderr.Result.Trim()}");
        }

        return stdout;
    }

    private static Process Start(string[] args, bool redirect)
    {
        var info = new ProcessStartInfo(Supervisor.DaemonPath("privsep-signerd")) { UseShellExecute = false, RedirectStandardOutput = redirect, RedirectStandardError = redirect };
        info.ArgumentList.Add("ceremony");
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("cannot start privsep-signerd");
    }

    /// <summary>A ceremony that talks with the operator (sign-csr asks to confirm): it gets this process's stdin, stdout and stderr.</summary>
    public static int RunInteractive(params string[] args)
    {
        using var p = Start(args, redirect: false);
        p.WaitForExit();
        return p.ExitCode;
    }

    public static void OpenPgpKey(string configPath, string userId) => Run("openpgp-key", "--config", configPath, "--user-id", userId);
}
