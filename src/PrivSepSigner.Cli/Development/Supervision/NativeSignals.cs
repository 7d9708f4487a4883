using System.Runtime.InteropServices;

namespace PrivSepSigner.Cli.Development.Supervision;

/// <summary>kill(2) with SIGTERM: Process.Kill sends SIGKILL, which would skip a clean stop.</summary>
internal static partial class NativeSignals
{
    private const int SigTerm = 15;

    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
