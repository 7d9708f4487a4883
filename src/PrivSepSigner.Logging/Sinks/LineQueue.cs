namespace PrivSepSigner.Logging.Sinks;

/// <summary>
/// The bounded FIFO between the daemon's threads and one target's pump thread. Adding never
/// blocks (a full queue refuses the line, which the pump counts as dropped); the pump waits on
/// the queue's own monitor and takes every queued line at once. A signing thread's add costs
/// one lock and, only when the pump has gone idle, one wake-up of the pump itself: no task, no
/// thread-pool hop (the Channel this replaces woke a pool thread to wake the pump, per line).
/// While lines keep coming the pump lingers a few milliseconds between takes instead of being
/// woken for each, so a steady stream costs no wake-up per line at all.
/// The capacity bounds every line not yet written: those queued and those the pump has taken
/// (<see cref="TakeAll"/>) until it reports them written (<see cref="Written"/>).
/// </summary>
internal sealed class LineQueue
{
    private readonly object gate = new();
    private readonly Queue<byte[]> lines;
    private readonly int capacity;
    private int held;
    private bool completed;
    private bool consumerWaiting;

    public LineQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
        lines = new Queue<byte[]>(Math.Min(capacity, 1024));
    }

    /// <summary>Queues a line; false when the queue is full or completed.</summary>
    public bool TryAdd(byte[] line)
    {
        lock (gate)
        {
            if (completed || lines.Count + held >= capacity)
            {
                return false;
            }

            lines.Enqueue(line);
            if (consumerWaiting)
            {
                consumerWaiting = false;
                Monitor.Pulse(gate);
            }

            return true;
        }
    }

    /// <summary>No more lines are taken; the pump drains what is queued, then stops.</summary>
    public void Complete()
    {
        lock (gate)
        {
            completed = true;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>The pump has written (or given up on) <paramref name="count"/> of the lines it took: room for as many new ones.</summary>
    public void Written(int count)
    {
        lock (gate)
        {
            held -= count;
        }
    }

    /// <summary>
    /// Moves every queued line, oldest first, into <paramref name="into"/>. If none is queued it
    /// first waits <paramref name="linger"/> unwoken (lines gather), then up to
    /// <paramref name="timeout"/> to be woken by the next line. False once the queue is completed and empty.
    /// </summary>
    public bool TakeAll(Queue<byte[]> into, TimeSpan timeout, TimeSpan linger)
    {
        lock (gate)
        {
            if (lines.Count == 0 && !completed && linger > TimeSpan.Zero)
            {
                // Busy: let lines gather without being woken for each (only Complete wakes this).
                Monitor.Wait(gate, linger);
            }

            if (lines.Count == 0 && !completed)
            {
                // Idle: the next line wakes the pump at once.
                consumerWaiting = true;
                Monitor.Wait(gate, timeout);
                consumerWaiting = false;
            }

            while (lines.TryDequeue(out var line))
            {
                into.Enqueue(line);
                held++;
            }

            return !completed || into.Count > 0;
        }
    }
}
