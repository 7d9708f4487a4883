using System.Diagnostics;
using Mono.Unix.Native;
using PrivSepSigner.Spool.Doorbells;
using PrivSepSigner.Spool.Tests.TestSupport;

namespace PrivSepSigner.Spool.Tests.Doorbells;

public sealed class DoorbellTests
{
    [Fact]
    public async Task RingWithoutListenerNeitherBlocksNorThrows()
    {
        using var spool = new TestSpool();

        await Task.Run(() => Doorbell.Ring(spool.Layout.IncomingDoorbell)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(IsFifo(spool.Layout.IncomingDoorbell));
    }

    [Fact]
    public void RingAfterTheFifoWasDeletedDoesNotThrow()
    {
        using var spool = new TestSpool();
        File.Delete(spool.Layout.IncomingDoorbell);

        Doorbell.Ring(spool.Layout.IncomingDoorbell);

        Assert.False(File.Exists(spool.Layout.IncomingDoorbell));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/nonexistent/dir/fifo")]
    [InlineData("bad\0path")]
    public void RingOfAnUnusablePathDoesNotThrow(string path)
    {
        var elapsed = Stopwatch.StartNew();

        Doorbell.Ring(path);

        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void RingNeverWritesIntoARegularFilePlantedAtTheFifoPath()
    {
        using var spool = new TestSpool();
        File.Delete(spool.Layout.OutboxDoorbell);
        File.WriteAllText(spool.Layout.OutboxDoorbell, "audit log");

        Doorbell.Ring(spool.Layout.OutboxDoorbell);

        Assert.Equal("audit log", File.ReadAllText(spool.Layout.OutboxDoorbell));
    }

    [Fact]
    public async Task RingNeverFollowsASymlinkPlantedAtTheFifoPath()
    {
        using var spool = new TestSpool();
        var victim = Path.Combine(spool.Outside, "victim");
        Assert.Equal(0, Syscall.mkfifo(victim, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));
        using var victimListener = new DoorbellListener(victim);
        File.Delete(spool.Layout.OutboxDoorbell);
        File.CreateSymbolicLink(spool.Layout.OutboxDoorbell, victim);

        Doorbell.Ring(spool.Layout.OutboxDoorbell);

        Assert.False(await victimListener.WaitForRingAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None));
    }

    [Fact]
    public async Task FloodWithoutListenerDoesNotBlock()
    {
        using var spool = new TestSpool();

        await Task.Run(() => Ring(spool.Layout.IncomingDoorbell, 100_000)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(IsFifo(spool.Layout.IncomingDoorbell));
    }

    [Fact]
    public async Task FloodIntoAFullPipeDoesNotBlockAndTheListenerStillWakes()
    {
        using var spool = new TestSpool();
        using var listener = new DoorbellListener(spool.Layout.IncomingDoorbell);

        // Nobody drains during the flood: the pipe fills up and further rings get EAGAIN.
        await Task.Run(() => Ring(spool.Layout.IncomingDoorbell, 100_000)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(await listener.WaitForRingAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.False(await listener.WaitForRingAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None));
    }

    private static void Ring(string path, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Doorbell.Ring(path);
        }
    }

    private static bool IsFifo(string path) =>
        Syscall.lstat(path, out var st) == 0 && (st.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFIFO;
}
