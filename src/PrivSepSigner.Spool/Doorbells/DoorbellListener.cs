using PrivSepSigner.Posix;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool.Doorbells;

/// <summary>
/// Waits for a doorbell FIFO to be rung, or for a timeout, whichever comes first. The bytes are
/// drained and ignored. Callers rescan their directory after every return, so a deleted, replaced
/// or flooded FIFO costs latency, never correctness.
/// </summary>
public sealed class DoorbellListener : IDisposable
{
    // poll(2) runs in slices so cancellation is noticed without a second wake-up descriptor.
    private const int SliceMs = 200;
    private const int DrainBufferBytes = 4096;

    // Bounds one drain when a peer writes as fast as we read; the rest waits for the next call.
    private const int MaxDrainReads = 256;

    private readonly string fifoPath;
    private readonly Lock gate = new();

    // The only mutable state: the FIFO is reopened after its path was deleted or replaced.
    private FifoEnds? ends;
    private bool disposed;

    public DoorbellListener(string fifoPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(fifoPath);
        this.fifoPath = fifoPath;
        ends = FifoEnds.TryOpen(fifoPath);
    }

    /// <summary>Returns when the doorbell rings or after <paramref name="timeout"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => WaitForRingAsync(timeout, ct);

    /// <summary>As <see cref="WaitAsync"/>; true if it was rung, false on timeout.</summary>
    public async Task<bool> WaitForRingAsync(TimeSpan timeout, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        ct.ThrowIfCancellationRequested();
        var current = Current();
        if (current is null)
        {
            await Task.Delay(timeout, ct).ConfigureAwait(false);
            return false;
        }

        var rung = await Task.Run(() => Poll(current, timeout, ct), ct).ConfigureAwait(false);
        if (!rung)
        {
            DropIfMoved(current);
        }

        return rung;
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            ends?.Dispose();
            ends = null;
        }
    }

    private FifoEnds? Current()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            ends ??= FifoEnds.TryOpen(fifoPath);
            return ends;
        }
    }

    /// <summary>After a quiet wait, check the path still names our FIFO; if not, reopen on the next wait.</summary>
    private void DropIfMoved(FifoEnds current)
    {
        lock (gate)
        {
            if (ReferenceEquals(ends, current) && !current.StillAt(fifoPath))
            {
                current.Dispose();
                ends = null;
            }
        }
    }

    private static unsafe bool Poll(FifoEnds current, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                return false;
            }

            int ready;
            PollFd pfd;
            try
            {
                using var lease = new FdLease(current.Reader);
                pfd = new PollFd { Fd = lease.Fd, Events = Libc.POLLIN };
                ready = Libc.poll(&pfd, 1, (int)Math.Min(remaining, SliceMs));
                if (ready > 0 && (pfd.Revents & Libc.POLLIN) != 0)
                {
                    Drain(lease.Fd);
                    return true;
                }
            }
            catch (ObjectDisposedException)
            {
                // Disposed or dropped meanwhile: report a quiet wait; the caller rescans.
                return false;
            }

            if (ready < 0 && NativeError.Last != Libc.EINTR)
            {
                return false;
            }

            if (ready > 0)
            {
                // POLLERR/POLLNVAL without data: not a ring; let the caller rescan.
                return false;
            }
        }
    }

    private static unsafe void Drain(int fd)
    {
        var buffer = stackalloc byte[DrainBufferBytes];
        for (var i = 0; i < MaxDrainReads; i++)
        {
            if (Libc.read(fd, buffer, DrainBufferBytes) <= 0)
            {
                return;
            }
        }
    }
}
