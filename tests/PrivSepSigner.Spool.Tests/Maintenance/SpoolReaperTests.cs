using Mono.Unix.Native;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Maintenance;
using PrivSepSigner.Spool.Tests.TestSupport;

namespace PrivSepSigner.Spool.Tests.Maintenance;

public sealed class SpoolReaperTests
{
    private static readonly TimeSpan Stale = TimeSpan.FromHours(1);

    [Fact]
    public void RemovesOnlyOldTemporaryFiles()
    {
        using var spool = new TestSpool();
        var tmp = spool.Layout.IncomingTmp;
        var old = Path.Combine(tmp, "a.1111111111111111");
        var fresh = Path.Combine(tmp, "b.2222222222222222");
        File.WriteAllBytes(old, [1]);
        File.WriteAllBytes(fresh, [2]);
        SetMtimeNoFollow(old, DateTimeOffset.UtcNow.AddHours(-2));

        Assert.Equal(1, SpoolReaper.ReapStale(tmp, Stale));

        Assert.Equal(["b.2222222222222222"], TestSpool.Names(tmp));
    }

    [Fact]
    public void RemovesAnOldSymlinkItselfAndNotItsTarget()
    {
        using var spool = new TestSpool();
        var target = Path.Combine(spool.Outside, "precious");
        File.WriteAllText(target, "keep");
        var link = Path.Combine(spool.Layout.IncomingTmp, "link");
        File.CreateSymbolicLink(link, target);
        SetMtimeNoFollow(link, DateTimeOffset.UtcNow.AddHours(-2));

        Assert.Equal(1, SpoolReaper.ReapStale(spool.Layout.IncomingTmp, Stale));

        Assert.Empty(TestSpool.Names(spool.Layout.IncomingTmp));
        Assert.Equal("keep", File.ReadAllText(target));
    }

    [Fact]
    public void LeavesDirectoriesAlone()
    {
        using var spool = new TestSpool();
        var dir = Path.Combine(spool.Layout.IncomingTmp, "sub");
        Directory.CreateDirectory(dir);
        SetMtimeNoFollow(dir, DateTimeOffset.UtcNow.AddHours(-2));

        Assert.Equal(0, SpoolReaper.ReapStale(spool.Layout.IncomingTmp, Stale));

        Assert.True(Directory.Exists(dir));
    }

    [Fact]
    public void LeavesAFreshPublishAlone()
    {
        using var spool = new TestSpool();
        using var writer = spool.Writer();
        writer.Publish(Entries.Make(SpoolNames.NewId()));

        Assert.Equal(0, SpoolReaper.ReapStale(spool.Layout.Incoming, Stale));

        Assert.Single(TestSpool.Names(spool.Layout.Incoming));
    }

    private static void SetMtimeNoFollow(string path, DateTimeOffset when)
    {
        var t = new Timespec { tv_sec = when.ToUnixTimeSeconds() };
        Assert.Equal(0, Syscall.utimensat(-100, path, [t, t], AtFlags.AT_SYMLINK_NOFOLLOW));
    }
}
