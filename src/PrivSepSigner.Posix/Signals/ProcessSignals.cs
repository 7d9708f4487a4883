using System.Runtime.InteropServices;

namespace PrivSepSigner.Posix.Signals;

/// <summary>
/// kill(2) with SIGTERM (Process.Kill sends SIGKILL, which would skip a clean stop), and the
/// inherited SIG_IGN disposition that the .NET runtime would otherwise keep.
/// </summary>
public static partial class ProcessSignals
{
    /// <summary>SIGHUP, the daemons' reload signal.</summary>
    public const int Hangup = 1;

    private const int SigTerm = 15;
    private const nint SigDfl = 0;
    private const nint SigErr = -1;

    /// <summary>Asks <paramref name="pid"/> to stop; a process already gone is not an error.</summary>
    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    /// <summary>Whether <paramref name="signal"/> is set to SIG_IGN in this process (the SigIgn mask of /proc/self/status).</summary>
    public static bool IsIgnored(int signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(signal);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(signal, 64);
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            return line is not null
                && ulong.TryParse(line.AsSpan(7).Trim(), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var mask)
                && (mask & (1UL << (signal - 1))) != 0;
        }
        catch (IOException)
        {
            // No /proc (a sandbox without it): unknown counts as not ignored, as it did in KeyReloader.
            return false;
        }
    }

    /// <summary>
    /// Sets <paramref name="signal"/> back to SIG_DFL. A disposition of SIG_IGN survives exec, and
    /// the runtime installs no handler for a signal that was ignored when it is registered
    /// (PosixSignalRegistration then never fires); call this before registering.
    /// </summary>
    public static void RestoreDefault(int signal)
    {
        if (Signal(signal, SigDfl) == SigErr)
        {
            throw NativeError.Exception($"signal({signal}, SIG_DFL)");
        }
    }

    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static partial nint Signal(int signal, nint handler);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
