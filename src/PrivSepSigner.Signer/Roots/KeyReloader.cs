using System.Runtime.InteropServices;
using Serilog;

namespace PrivSepSigner.Signer.Roots;

/// <summary>
/// Picks up new key versions without a restart: every few seconds, and at once on SIGHUP
/// (<c>systemctl reload</c>). Checks never overlap; a failed load is logged and retried on the
/// next tick while the previous version keeps signing.
/// </summary>
internal sealed class KeyReloader : IDisposable
{
    private readonly RootRegistry roots;
    private readonly ILogger log;
    private readonly Timer timer;
    private readonly PosixSignalRegistration hangup;
    private readonly Lock gate = new();

    public KeyReloader(RootRegistry roots, TimeSpan interval, ILogger log)
    {
        this.roots = roots;
        this.log = log;
        timer = new Timer(_ => Check(), null, interval, interval);
        if (SignalIgnored(Hangup))
        {
            // Started under nohup or by a parent that ignores SIGHUP: the runtime keeps it ignored.
            log.Warning("SIGHUP is ignored in this process (inherited from its parent): reload requests are not heard; key directories are still checked every {Seconds} s", interval.TotalSeconds);
        }

        hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            ThreadPool.QueueUserWorkItem(_ => Check("SIGHUP"));
        });
    }

    private const int Hangup = 1;

    public void Dispose()
    {
        hangup.Dispose();
        timer.Dispose();
    }

    private void Check(string? reason = null)
    {
        if (!gate.TryEnter())
        {
            return;
        }

        try
        {
            if (reason is not null)
            {
                log.Information("{Reason}: checking key directories for new versions", reason);
            }

            roots.Refresh();
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>Whether signal <paramref name="number"/> is set to SIG_IGN, from the SigIgn mask of /proc/self/status.</summary>
    private static bool SignalIgnored(int number)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            return line is not null
                && ulong.TryParse(line.AsSpan(7).Trim(), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var mask)
                && (mask & (1UL << (number - 1))) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
