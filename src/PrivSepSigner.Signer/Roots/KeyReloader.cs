using System.Runtime.InteropServices;
using PrivSepSigner.Posix.Signals;
using Serilog;

namespace PrivSepSigner.Signer.Roots;

/// <summary>
/// Picks up new key versions without a restart: every few seconds, and at once on SIGHUP
/// (<c>systemctl reload</c>). Checks never overlap; a request that comes while one runs (a
/// SIGHUP during a periodic tick that may have looked before the new version was current) makes
/// the running one look again when it ends, instead of being dropped until the next tick. A
/// SIGHUP's check runs on its own thread, not behind the signing work queued in the thread pool.
/// A failed load is logged and retried on the next tick while the previous version keeps signing.
/// </summary>
internal sealed class KeyReloader : IDisposable
{
    private readonly RootRegistry roots;
    private readonly ILogger log;
    private readonly Timer timer;
    private readonly PosixSignalRegistration hangup;
    private readonly Lock gate = new();
    private int again;

    public KeyReloader(RootRegistry roots, TimeSpan interval, ILogger log)
    {
        this.roots = roots;
        this.log = log;
        timer = new Timer(_ => Check(), null, interval, interval);
        if (ProcessSignals.IsIgnored(ProcessSignals.Hangup))
        {
            // Started under nohup or by a parent that ignores SIGHUP (exec keeps SIG_IGN, and the
            // runtime would then install no handler). SIGHUP is this daemon's reload signal, as
            // for sshd or Postfix: it is heard whatever the parent did.
            ProcessSignals.RestoreDefault(ProcessSignals.Hangup);
            log.Information("SIGHUP was ignored when this process started (inherited from its parent); it is the reload signal and is heard from now on");
        }

        hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            new Thread(() => Check("SIGHUP")) { IsBackground = true, Name = "key reload" }.Start();
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
            // The check running now may have looked before this request's change: it looks again.
            Volatile.Write(ref again, 1);
            return;
        }

        try
        {
            if (reason is not null)
            {
                log.Information("{Reason}: checking key directories for new versions", reason);
            }

            do
            {
                Volatile.Write(ref again, 0);
                roots.Refresh();
            }
            while (Volatile.Read(ref again) == 1);
        }
        finally
        {
            gate.Exit();
        }

        // A request that came between the last look and the exit above.
        if (Volatile.Read(ref again) == 1)
        {
            Check();
        }
    }
}
