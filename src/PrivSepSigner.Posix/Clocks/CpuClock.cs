using System.Runtime.InteropServices;

namespace PrivSepSigner.Posix.Clocks;

/// <summary>
/// The process's CPU time (every thread: a stage whose work a background thread finishes, as
/// the audit sink's writer, is counted), in nanoseconds from clock_gettime(CLOCK_PROCESS_CPUTIME_ID):
/// /proc's 10 ms ticks are too coarse for a stage of a few microseconds.
/// </summary>
public static partial class CpuClock
{
    private const int ClockProcessCpuTimeId = 2; // <time.h> on Linux

    public static long Nanoseconds()
    {
        if (ClockGetTime(ClockProcessCpuTimeId, out var ts) != 0)
        {
            throw new InvalidOperationException($"clock_gettime failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (ts.Seconds * 1_000_000_000) + ts.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec ts);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
