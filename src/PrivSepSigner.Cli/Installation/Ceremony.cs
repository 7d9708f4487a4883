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
        var info = new ProcessStartInfo(Supervisor.DaemonPath("privsep-signerd")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("ceremony");
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException("cannot start privsep-signerd");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new IOException($"key ceremony {args[0]} failed: {stderr.Result.Trim()}");
        }

        return stdout;
    }

    public static void OpenPgpKey(string configPath, string userId) => Run("openpgp-key", "--config", configPath, "--user-id", userId);
}
