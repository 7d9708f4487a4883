using System.Threading.Channels;
using PrivSepSigner.Logging.Targets;
using Serilog.Debugging;

namespace PrivSepSigner.Logging.Sinks;

/// <summary>
/// One bounded queue and one dedicated thread per target. The daemon's only contact is
/// <see cref="TryEnqueue"/>, which never blocks: a full queue drops the line and counts it.
/// The thread retries a busy target, reopens a failed one every reopen interval, and, once
/// the target takes data again, first sends a chained "dropped N messages" notice.
/// </summary>
internal sealed class TargetPump : IDisposable
{
    private static readonly TimeSpan MinBusyDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxBusyDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan NoticeInterval = TimeSpan.FromSeconds(1);

    private readonly ILineTarget target;
    private readonly Channel<byte[]> queue;
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
        queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        thread = new Thread(Run) { IsBackground = true, Name = "syslog " + target.Name };
    }

    public string Name => target.Name;

    public long DroppedTotal => Interlocked.Read(ref droppedTotal);

    public void Start() => thread.Start();

    /// <summary>Queues one finished line (LF included). Never blocks; a full queue is a counted drop.</summary>
    public void TryEnqueue(ulong sequence, byte[] line)
    {
        if (queue.Writer.TryWrite(line))
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
        queue.Writer.TryComplete();
        if (!thread.Join(timeout))
        {
            abort.Cancel();
            thread.Join(TimeSpan.FromSeconds(1));
        }
    }

    public void Dispose()
    {
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
                    }
                    else if (queue.Reader.TryRead(out var line))
                    {
                        pending = line;
                    }
                    else if (!WaitForWork())
                    {
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
                var total = target.AppendsNewline ? pending.Length : pending.Length - 1;
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
                        // A tty may take part of a line; the rest goes next, so the line stays whole.
                        if (offset >= total)
                        {
                            pending = null;
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

    /// <summary>Waits for a queued line; false when the queue is completed and empty (shutdown).</summary>
    private bool WaitForWork()
    {
        try
        {
            var wait = queue.Reader.WaitToReadAsync(abort.Token).AsTask();
            // Pending drops with an idle queue still deserve their notice: wake up to send it.
            if (HasDrops() ? wait.Wait(NoticeInterval) : wait.Wait(Timeout.Infinite))
            {
                return wait.Result;
            }
            return true;
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException)
        {
            return false;
        }
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
