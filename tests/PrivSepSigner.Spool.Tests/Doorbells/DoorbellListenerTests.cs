using System.Diagnostics;
using Mono.Unix.Native;
using PrivSepSigner.Spool.Doorbells;
using PrivSepSigner.Spool.Tests.TestSupport;

namespace PrivSepSigner.Spool.Tests.Doorbells;

public sealed class DoorbellListenerTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task ReturnsWhenRung()
    {
        using var spool = new TestSpool();
        using var listener = new DoorbellListener(spool.Layout.IncomingDoorbell);
        var elapsed = Stopwatch.StartNew();

        var wait = listener.WaitForRingAsync(Long, CancellationToken.None);
        Doorbell.Ring(spool.Layout.IncomingDoorbell);

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsyncReturnsWhenRung()
    {
        using var spool = new TestSpool();
        using var listener = new DoorbellListener(spool.Layout.IncomingDoorbell);

        var wait = listener.WaitAsync(Long, CancellationToken.None);
        await Task.Delay(50);
        Doorbell.Ring(spool.Layout.IncomingDoorbell);

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ReturnsAfterTheTimeoutWhenNotRung()
    {
        using var spool = new TestSpool();
        using var listener = new DoorbellListener(spool.Layout.IncomingDoorbell);
        var elapsed = Stopwatch.StartNew();

        Assert.False(await listener.WaitForRingAsync(Short, CancellationToken.None));

        Assert.True(elapsed.Elapsed >= Short - TimeSpan.FromMilliseconds(20), $"returned after {elapsed.Elapsed}");
    }

    [Fact]
    public async Task ARingBeforeTheWaitIsNotLost()
    {
        using var spool = new TestSpool();
        using var listener = new DoorbellListener(spool.Layout.IncomingDoorbell);

        Doorbell.Ring(spool.Layout.IncomingDoorbell);

        Assert.True(await listener.WaitForRingAsync(Long, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task GarbageBytesAreDrainedAndIgnored()
    {
        using var spool = new TestSpool();
        using var listener = new DoorbellListener(spool.Layout.IncomingDoorbell);
        WriteUntilFull(spool.Layout.IncomingDoorbell);

        Assert.True(await listener.WaitForRingAsync(Long, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        // Everything was drained: the next wait is quiet.
        Assert.False(await listener.WaitForRingAsync(Short, CancellationToken.None));
    }

    [Fact]
    public async Task AClosedRingerDoesNotMakeTheListenerSpin()
    {
        using var spool = new TestSpool();
        using var listener = new DoorbellListener(spool.Layout.IncomingDoorbell);
        Doorbell.Ring(spool.Layout.IncomingDoorbell);
        Assert.True(await listener.WaitForRingAsync(Long, CancellationToken.None));

        // The ringer has closed its end; without our own write end poll would report EOF at once.
        Assert.False(await listener.WaitForRingAsync(Short, CancellationToken.None));
    }

    [Fact]
    public async Task DeletedFifoOnlyCostsTheTimeoutAndARecreatedOneIsPickedUp()
    {
        using var spool = new TestSpool();
        var fifo = spool.Layout.IncomingDoorbell;
        using var listener = new DoorbellListener(fifo);
        File.Delete(fifo);

        Assert.False(await listener.WaitForRingAsync(Short, CancellationToken.None));
        Assert.False(await listener.WaitForRingAsync(Short, CancellationToken.None));

        Assert.Equal(0, Syscall.mkfifo(fifo, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));
        Assert.False(await listener.WaitForRingAsync(Short, CancellationToken.None)); // notices the old one is gone
        var wait = listener.WaitForRingAsync(Long, CancellationToken.None);          // reopens the new one
        Doorbell.Ring(fifo);
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task FifoReplacedByARegularFileOnlyCostsTheTimeout()
    {
        using var spool = new TestSpool();
        var fifo = spool.Layout.IncomingDoorbell;
        File.Delete(fifo);
        File.WriteAllText(fifo, "not a fifo");
        using var listener = new DoorbellListener(fifo);

        Assert.False(await listener.WaitForRingAsync(Short, CancellationToken.None));
        Assert.Equal("not a fifo", File.ReadAllText(fifo));
    }

    [Fact]
    public async Task CancellationEndsTheWait()
    {
        using var spool = new TestSpool();
        using var listener = new DoorbellListener(spool.Layout.IncomingDoorbell);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listener.WaitAsync(Long, cts.Token).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task DisposeDuringAWaitEndsItQuietly()
    {
        using var spool = new TestSpool();
        var listener = new DoorbellListener(spool.Layout.IncomingDoorbell);
        var wait = listener.WaitForRingAsync(Long, CancellationToken.None);
        await Task.Delay(50);

        listener.Dispose();

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => listener.WaitAsync(Short, CancellationToken.None));
    }

    /// <summary>Fills the pipe with random bytes through a non-blocking writer, as a noisy peer would.</summary>
    private static unsafe void WriteUntilFull(string fifo)
    {
        var fd = Syscall.open(fifo, OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK);
        Assert.True(fd >= 0);
        try
        {
            var garbage = new byte[4096];
            new Random(1).NextBytes(garbage);
            var total = 0L;
            while (true)
            {
                long n;
                fixed (byte* p = garbage)
                {
                    n = Syscall.write(fd, p, (ulong)garbage.Length);
                }

                if (n <= 0)
                {
                    break;
                }

                total += n;
            }

            Assert.True(total >= 4096, $"wrote only {total} bytes");
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}
