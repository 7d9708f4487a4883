using PrivSepSigner.Spool.Maintenance;
using PrivSepSigner.Spool.Tests.TestSupport;

namespace PrivSepSigner.Spool.Tests.Maintenance;

public sealed class SpoolQuotaTests
{
    [Fact]
    public void CountsEntriesAndRegularFileBytesWithoutFollowingLinks()
    {
        using var spool = new TestSpool();
        spool.Plant("a", new byte[100]);
        spool.Plant("b", new byte[23]);
        var big = Path.Combine(spool.Outside, "big");
        File.WriteAllBytes(big, new byte[1_000_000]);
        File.CreateSymbolicLink(spool.InIncoming("link"), big);

        var (entries, bytes) = SpoolQuota.Measure(spool.Layout.Incoming);

        Assert.Equal(3, entries);
        Assert.Equal(123, bytes);
    }

    [Fact]
    public void EmptyDirectoryMeasuresZero()
    {
        using var spool = new TestSpool();

        Assert.Equal((0, 0L), SpoolQuota.Measure(spool.Layout.Incoming));
    }

    [Fact]
    public void HasRoomComparesWithBothLimits()
    {
        using var spool = new TestSpool();
        spool.Plant("a", new byte[100]);

        Assert.True(SpoolQuota.HasRoom(spool.Layout.Incoming, 2, 100));
        Assert.False(SpoolQuota.HasRoom(spool.Layout.Incoming, 1, 100));
        Assert.False(SpoolQuota.HasRoom(spool.Layout.Incoming, 2, 99));
    }
}
