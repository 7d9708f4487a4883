namespace PrivSepSigner.Comm.Link;

/// <summary>
/// Ends a connection nobody uses: its <see cref="Token"/> is cancelled once no frame went either
/// way for the timeout (every received frame, framing error and sent frame counts as use).
/// A unix-socket link serves many connections; idle ones would otherwise hold their buffers
/// (some 135 KiB each) for ever.
/// </summary>
internal sealed class IdleWatch : IDisposable
{
    private readonly TimeSpan timeout;
    private readonly CancellationToken outer;
    private readonly CancellationTokenSource idle;
    private readonly ITimer timer;
    private long lastUse = Environment.TickCount64;

    public IdleWatch(TimeSpan timeout, CancellationToken outer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        this.timeout = timeout;
        this.outer = outer;
        idle = CancellationTokenSource.CreateLinkedTokenSource(outer);
        timer = TimeProvider.System.CreateTimer(_ => Check(), null, timeout, System.Threading.Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled when the connection was idle for the timeout, or when the daemon stops.</summary>
    public CancellationToken Token => idle.Token;

    /// <summary>The connection was closed for being idle (not for shutdown).</summary>
    public bool Expired => idle.IsCancellationRequested && !outer.IsCancellationRequested;

    public TimeSpan Timeout => timeout;

    public void Touch() => Volatile.Write(ref lastUse, Environment.TickCount64);

    public void Dispose()
    {
        timer.Dispose();
        idle.Dispose();
    }

    private void Check()
    {
        var quiet = TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref lastUse));
        try
        {
            if (quiet >= timeout)
            {
                idle.Cancel();
                return;
            }

            timer.Change(timeout - quiet, System.Threading.Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The session ended meanwhile.
        }
    }
}
