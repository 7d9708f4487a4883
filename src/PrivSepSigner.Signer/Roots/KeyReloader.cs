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
        hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            ThreadPool.QueueUserWorkItem(_ => Check("SIGHUP"));
        });
    }

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
}
