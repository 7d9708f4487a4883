using System.Globalization;

namespace PrivSepSigner.Cli.Development.Benchmark;

/// <summary>
/// CPU time (user + system) a process has used so far, from /proc/PID/stat, so the bench can
/// say where the two cores went: signer, comm handler, or the bench's own front end.
/// </summary>
internal static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux ABI .NET runs on

    /// <returns>Seconds of CPU, or NaN when the process is gone.</returns>
    public static double Seconds(int? pid)
    {
        if (pid is null)
        {
            return double.NaN;
        }

        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return double.NaN;
        }

        // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }
}
