using PrivSepSigner.Logging.Targets;
using Serilog.Debugging;

namespace PrivSepSigner.Logging.Sinks;

/// <summary>
/// One bounded queue and one dedicated thread per target. The daemon's only contact is
/// <see cref="TryEnqueue"/>, which never blocks: a full queue drops the line and counts it.
/// The thread retries a busy target, reopens a failed one every reopen interval, and, once
/// the target takes data again, first sends a chained "dropped N messages" notice.
/// It takes every queued line at each wake-up and hands a stream target (file, tty, stderr)
/// as many whole lines as fit in one write of at most <see cref="MaxWriteBytes"/>, so a burst
/// of lines costs one wake-up and one write(2), not one of each per line; a datagram target
/// gets one line per datagram, as its framing requires.
/// </summary>
internal sealed class TargetPump : IDisposable
{
    private static readonly TimeSpan MinBusyDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxBusyDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan NoticeInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the pump waits, after a write, for more lines before it sleeps until woken: the
    /// most a line of a busy stream waits for its write (a serial line at 115200 baud takes
    /// longer than that to send one).
    /// </summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(5);

    /// <summary>The most bytes of whole lines one write to a stream target carries (a longer line goes alone).</summary>
    internal const int MaxWriteBytes = 64 * 1024;

    private readonly ILineTarget target;
    private readonly LineQueue queue;
    private readonly Queue<byte[]> taken = new();
    private readonly byte[] chunk = new byte[MaxWriteBytes];
    private readonly TimeSpan reopenInterval;
    private readonly Func<TargetPump, DropReport, byte[]?> makeDropNotice;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource abort = new();
    private readonly Thread thread;
    private readonly Lock dropGate = new();
    private long pendingDrops;
    private ulong firstDropped;
    private ulong lastDropped;
    private long droppedTotal;

    public TargetPump(ILineTarget target, int capacity, TimeSpan reopenInterval, Func<TargetPump, DropReport, byte[]?> makeDropNotice, TimeProvider time)
    {
        this.target = target;
        this.reopenInterval = reopenInterval;
        this.makeDropNotice = makeDropNotice;
        this.time = time;
        queue = new LineQueue(capacity);
        thread = new Thread(Run) { IsBackground = true, Name = "syslog " + target.Name };
    }

    public string Name => target.Name;

    public long DroppedTotal => Interlocked.Read(ref droppedTotal);

    public void Start() => thread.Start();

    /// <summary>Queues one finished line (LF included). Never blocks; a full queue is a counted drop.</summary>
    public void TryEnqueue(ulong sequence, byte[] line)
    {
        if (queue.TryAdd(line))
        {
            return;
        }
        lock (dropGate)
        {
            if (pendingDrops == 0)
            {
                firstDropped = sequence;
            }
            pendingDrops++;
            lastDropped = sequence;
        }
        Interlocked.Increment(ref droppedTotal);
    }

    /// <summary>Stops taking lines and lets the thread drain until <paramref name="timeout"/>, then aborts it.</summary>
    public void Stop(TimeSpan timeout)
    {
        queue.Complete();
        if (!thread.Join(timeout))
        {
            abort.Cancel();
            thread.Join(TimeSpan.FromSeconds(1));
        }
    }

    public void Dispose()
    {
        queue.Complete();
        abort.Cancel();
        target.Dispose();
        abort.Dispose();
    }

    private bool TryTakeDrops(out DropReport report)
    {
        lock (dropGate)
        {
            report = new DropReport(pendingDrops, firstDropped, lastDropped);
            pendingDrops = 0;
            return report.Count > 0;
        }
    }

    private bool HasDrops()
    {
        lock (dropGate)
        {
            return pendingDrops > 0;
        }
    }

    private void Run()
    {
        byte[]? pending = null;
        var pendingLength = 0;
        var pendingLines = 0;
        var offset = 0;
        var busyDelay = MinBusyDelay;
        var lastNotice = long.MinValue;
        try
        {
            while (!abort.IsCancellationRequested)
            {
                if (pending is null)
                {
                    var noticeDue = target.IsOpen
                        && (lastNotice == long.MinValue || time.GetElapsedTime(lastNotice) >= NoticeInterval);
                    if (noticeDue && TryTakeDrops(out var report))
                    {
                        lastNotice = time.GetTimestamp();
                        pending = makeDropNotice(this, report);
                        pendingLength = pending?.Length ?? 0;
                        pendingLines = 0;
                    }
                    else if (taken.Count > 0)
                    {
                        pending = NextWrite(out pendingLength, out pendingLines);
                    }
                    else if (!queue.TakeAll(taken, HasDrops() ? NoticeInterval : Timeout.InfiniteTimeSpan, Linger))
                    {
                        // Completed and drained: shutdown.
                        return;
                    }
                    offset = 0;
                    continue;
                }

                if (!target.IsOpen && !TryOpen())
                {
                    Sleep(reopenInterval);
                    continue;
                }

                // Datagram targets are message-framed: they get the line without its LF.
                var total = target.AppendsNewline ? pendingLength : pendingLength - 1;
                var payload = pending.AsSpan(offset, total - offset);
                LineWriteResult result;
                int written;
                try
                {
                    result = target.Write(payload, out written);
                }
                catch (Exception e)
                {
                    SelfLog.WriteLine("syslog target {0}: write failed: {1}", target.Name, e.Message);
                    result = LineWriteResult.Failed;
                    written = 0;
                }
                switch (result)
                {
                    case LineWriteResult.Written:
                        busyDelay = MinBusyDelay;
                        offset += written;
                        // A tty may take part of a write; the rest goes next, so every line stays whole.
                        if (offset >= total)
                        {
                            pending = null;
                            queue.Written(pendingLines);
                        }
                        break;
                    case LineWriteResult.Busy:
                        Sleep(busyDelay);
                        busyDelay = TimeSpan.FromTicks(Math.Min(busyDelay.Ticks * 2, MaxBusyDelay.Ticks));
                        break;
                    default:
                        SelfLog.WriteLine("syslog target {0}: failed, reopening in {1}", target.Name, reopenInterval);
                        CloseQuietly();
                        Sleep(reopenInterval);
                        break;
                }
            }
        }
        catch (Exception e)
        {
            // The last resort: the daemon goes on without this target.
            SelfLog.WriteLine("syslog target {0}: pump stopped: {1}", target.Name, e);
        }
        finally
        {
            CloseQuietly();
        }
    }

    /// <summary>
    /// The next write from the lines taken: one line for a datagram target, or for a stream
    /// target the oldest lines that fit in <see cref="MaxWriteBytes"/>, copied into one buffer.
    /// </summary>
    private byte[] NextWrite(out int length, out int lines)
    {
        var first = taken.Dequeue();
        lines = 1;
        length = first.Length;
        if (!target.AppendsNewline || taken.Count == 0 || first.Length + taken.Peek().Length > chunk.Length)
        {
            return first;
        }

        first.CopyTo(chunk, 0);
        while (taken.TryPeek(out var next) && length + next.Length <= chunk.Length)
        {
            next.CopyTo(chunk, length);
            length += next.Length;
            lines++;
            taken.Dequeue();
        }

        return chunk;
    }

    private bool TryOpen()
    {
        try
        {
            target.Open();
            return true;
        }
        catch (Exception e)
        {
            SelfLog.WriteLine("syslog target {0}: open failed: {1}", target.Name, e.Message);
            CloseQuietly();
            return false;
        }
    }

    private void CloseQuietly()
    {
        try
        {
            target.Close();
        }
        catch (Exception e)
        {
            SelfLog.WriteLine("syslog target {0}: close failed: {1}", target.Name, e.Message);
        }
    }

    private void Sleep(TimeSpan delay) => abort.Token.WaitHandle.WaitOne(delay);
}
