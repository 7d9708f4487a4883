using System.Runtime.InteropServices;

namespace PrivSepSigner.Posix.Signals;

/// <summary>kill(2) with SIGTERM: Process.Kill sends SIGKILL, which would skip a clean stop.</summary>
public static partial class ProcessSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks <paramref name="pid"/> to stop; a process already gone is not an error.</summary>
    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
