using System.Diagnostics;
using PrivSepSigner.Cli.Supervision;

namespace PrivSepSigner.Cli.Installation;

/// <summary>
/// Runs key ceremonies in the key-holding executable (privsep-signerd), so this CLI never
/// generates or holds a CA secret of the signing daemon's kind (an architecture test keeps
/// key code out of it).
/// </summary>
internal static class Ceremony
{
    public static void OpenPgpKey(string configPath, string userId)
    {
        var info = new ProcessStartInfo(Supervisor.DaemonPath("privsep-signerd")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "ceremony", "openpgp-key", "--config", configPath, "--user-id", userId })
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException("cannot start privsep-signerd");
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"OpenPGP key ceremony failed: {stderr.Result.Trim()}");
        }
    }
}
