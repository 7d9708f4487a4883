using System.Globalization;
using PrivSepSigner.Posix;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool.Instances;

/// <summary>
/// A daemon started by `privsep-signer up` goes when `up` goes, even when `up` is killed with
/// SIGKILL and cannot stop its children (before, kill -9 of `up` left both daemons running):
/// `up` names itself in <see cref="Variable"/>, and the daemon checks every half second that its
/// parent is still that process (when it dies the daemon is re-parented and getppid(2) changes),
/// then stops as it would on SIGTERM. Under systemd the variable is not set and nothing changes.
/// </summary>
/// <remarks>
/// Not prctl(PR_SET_PDEATHSIG): its signal comes when the parent THREAD that forked the child
/// exits, and .NET starts processes from thread-pool threads, which the pool retires when idle:
/// both daemons were stopped in the middle of serving, at moments nobody chose.
/// </remarks>
public sealed class ParentDeath : IDisposable
{
    /// <summary>The environment variable `up` sets to its own pid for the daemons it starts.</summary>
    public const string Variable = "PRIVSEP_SUPERVISOR_PID";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private readonly int supervisor;
    private readonly CancellationTokenSource gone = new();
    private readonly Lock gate = new();
    private readonly Timer timer;
    private bool disposed;

    private ParentDeath(int supervisor)
    {
        this.supervisor = supervisor;
        Check();
        timer = new Timer(_ => Check(), null, Poll, Poll);
    }

    /// <summary>Cancelled once the supervisor is gone.</summary>
    public CancellationToken Gone => gone.Token;

    /// <summary>Watches the supervisor named in the environment; null when there is none (systemd, a daemon run by hand).</summary>
    public static ParentDeath? Follow() =>
        Environment.GetEnvironmentVariable(Variable) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var supervisor)
            ? new ParentDeath(supervisor)
            : null;

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        timer.Dispose();
        gone.Dispose();
    }

    private void Check()
    {
        lock (gate)
        {
            if (!disposed && !gone.IsCancellationRequested && Libc.getppid() != supervisor)
            {
                gone.Cancel();
            }
        }
    }
}
