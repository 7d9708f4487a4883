using System.Diagnostics;
using PrivSepSigner.Cli.CommandLine;

namespace PrivSepSigner.Cli.Operator;

/// <summary>
/// Runs key ceremonies in the key-holding executable (privsep-signerd ceremony ...), so this
/// CLI never generates or holds a CA key (an architecture test keeps key code out of it).
/// What the ceremony prints (public facts only) is passed through.
/// </summary>
internal static class Ceremony
{
    /// <summary>Runs a ceremony for this CLI (init, rekey) and returns what it printed; a failure is an <see cref="IOException"/>.</summary>
    public static string Run(params string[] args)
    {
        var info = Start(args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
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

    /// <summary>
    /// `privsep-signer ceremony ARGS`: the operator's own ceremony, on this terminal, with
    /// privsep-signerd's options, help and exit status (2 for a usage error).
    /// </summary>
    public static int PassThrough(IReadOnlyList<string> args)
    {
        using var p = Process.Start(Start(args)) ?? throw new InvalidOperationException("cannot start privsep-signerd");
        p.WaitForExit();
        return p.ExitCode;
    }

    public static void OpenPgpKey(string configPath, string userId) => Run("openpgp-key", "--config", configPath, "--user-id", userId);

    private static ProcessStartInfo Start(IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(SiblingPrograms.PathOf("privsep-signerd")) { UseShellExecute = false };
        info.ArgumentList.Add("ceremony");
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }
}
