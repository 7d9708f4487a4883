using Mono.Unix.Native;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Reading;
using PrivSepSigner.Spool.Tests.TestSupport;
using PrivSepSigner.Spool.Writing;

namespace PrivSepSigner.Spool.Tests.Writing;

public sealed class SpoolWriterTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 100)]
    [InlineData(SpoolLimits.MaxItems, 10)]
    [InlineData(3, SpoolLimits.MaxItemBody)]
    public void PublishedEntriesReadBackIdentically(int items, int bodyLength)
    {
        using var spool = new TestSpool();
        using var writer = spool.Writer();
        using var reader = spool.Reader();
        var entry = Entries.Make(SpoolNames.NewId(), items, bodyLength);

        writer.Publish(entry);

        var ok = Assert.IsType<SpoolReadResult.Ok>(reader.Read(entry.Id));
        Entries.AssertSame(entry, ok.Entry);
        Assert.Empty(TestSpool.Names(spool.Layout.IncomingTmp));
    }

    [Fact]
    public void PublishSetsTheExactModeWhateverTheUmask()
    {
        using var spool = new TestSpool();
        const int GroupWritable = 0x1B0; // 0660: a umask of 022 would strip the group write bit
        using var writer = new SpoolWriter(spool.Layout.IncomingTmp, spool.Layout.Incoming, GroupWritable);
        var entry = Entries.Make(SpoolNames.NewId());

        writer.Publish(entry);

        Assert.Equal(GroupWritable, TestSpool.ModeOf(spool.InIncoming(entry.Id)));
    }

    [Fact]
    public void PublishOverAnExistingNameFailsAndLeavesNothingBehind()
    {
        using var spool = new TestSpool();
        using var writer = spool.Writer();
        var id = SpoolNames.NewId();
        var original = spool.Plant(id, [1, 2, 3]);

        var e = Assert.Throws<IOException>(() => writer.Publish(Entries.Make(id)));

        Assert.Equal(17, e.HResult); // EEXIST
        Assert.Equal([1, 2, 3], File.ReadAllBytes(original));
        Assert.Empty(TestSpool.Names(spool.Layout.IncomingTmp));
        Assert.Equal([id], TestSpool.Names(spool.Layout.Incoming));
    }

    [Fact]
    public void PublishOfAnInvalidEntryTouchesNoDirectory()
    {
        using var spool = new TestSpool();
        using var writer = spool.Writer();

        Assert.Throws<ArgumentException>(() => writer.Publish(Entries.Make("../escape")));

        Assert.Empty(TestSpool.Names(spool.Layout.IncomingTmp));
        Assert.Empty(TestSpool.Names(spool.Layout.Incoming));
    }

    [Fact]
    public void PublishFailureOnAFullDiskRemovesTheTempFile()
    {
        // A 64 KiB tmpfs makes write(2) fail with ENOSPC midway through a large entry.
        Assert.True(Syscall.geteuid() == 0, "needs root (CAP_SYS_ADMIN) to mount a tmpfs; CI runs as root");
        using var temp = new TempDir();
        var mount = temp.Combine("small");
        Directory.CreateDirectory(mount);
        Run("mount", "-t", "tmpfs", "-o", "size=64k,nosuid,nodev", "tmpfs", mount);
        try
        {
            var layout = new SpoolLayout(mount);
            layout.CreateForDevelopment();
            using (var writer = new SpoolWriter(layout.IncomingTmp, layout.Incoming))
            {
                var e = Assert.Throws<IOException>(() => writer.Publish(Entries.Make(SpoolNames.NewId(), 4, SpoolLimits.MaxItemBody)));
                Assert.Equal(28, e.HResult); // ENOSPC
            }

            Assert.Empty(TestSpool.Names(layout.IncomingTmp));
            Assert.Empty(TestSpool.Names(layout.Incoming));
        }
        finally
        {
            Run("umount", mount);
        }
    }

    [Fact]
    public void PublishBatchPublishesAllWithNoTempFiles()
    {
        using var spool = new TestSpool();
        using var writer = spool.Writer();
        using var reader = spool.Reader();
        var entries = Enumerable.Range(0, 20).Select(i => Entries.Make(SpoolNames.NewId(), i % 3, 50)).ToList();

        writer.PublishBatch(entries);

        Assert.Equal(entries.Select(e => e.Id).Order(StringComparer.Ordinal), reader.List());
        foreach (var entry in entries)
        {
            Entries.AssertSame(entry, Assert.IsType<SpoolReadResult.Ok>(reader.Read(entry.Id)).Entry);
        }

        Assert.Empty(TestSpool.Names(spool.Layout.IncomingTmp));
    }

    [Fact]
    public void PublishBatchStopsAtATakenNameAndCleansUp()
    {
        using var spool = new TestSpool();
        using var writer = spool.Writer();
        var ids = new[] { "a1", "a2", "a3" };
        spool.Plant("a2", [9]);

        var e = Assert.Throws<IOException>(() => writer.PublishBatch([.. ids.Select(id => Entries.Make(id))]));

        Assert.Contains("after 1 of 3", e.Message, StringComparison.Ordinal);
        Assert.Equal(["a1", "a2"], TestSpool.Names(spool.Layout.Incoming));
        Assert.Equal([9], File.ReadAllBytes(spool.InIncoming("a2")));
        Assert.Empty(TestSpool.Names(spool.Layout.IncomingTmp));
    }

    [Fact]
    public void PublishBatchWithAnInvalidEntryPublishesNothing()
    {
        using var spool = new TestSpool();
        using var writer = spool.Writer();

        Assert.Throws<ArgumentException>(() => writer.PublishBatch([Entries.Make("ok1"), Entries.Make("Bad")]));

        Assert.Empty(TestSpool.Names(spool.Layout.Incoming));
        Assert.Empty(TestSpool.Names(spool.Layout.IncomingTmp));
    }

    [Fact]
    public void RefusesASymlinkedTargetDirectory()
    {
        using var spool = new TestSpool();
        var link = Path.Combine(spool.Layout.Root, "linked");
        File.CreateSymbolicLink(link, spool.Outside);

        var e = Assert.Throws<IOException>(() => new SpoolWriter(spool.Layout.IncomingTmp, link));

        Assert.Contains(e.HResult, new[] { 20, 40 }); // O_DIRECTORY|O_NOFOLLOW on a symlink: ENOTDIR (or ELOOP)
    }

    [Theory]
    [InlineData(0x800)] // setuid
    [InlineData(0x200)] // sticky
    [InlineData(-1)]
    public void RefusesSpecialModeBits(int mode)
    {
        using var spool = new TestSpool();

        Assert.Throws<ArgumentOutOfRangeException>(() => new SpoolWriter(spool.Layout.IncomingTmp, spool.Layout.Incoming, mode));
    }

    [Fact]
    public void KeepsWritingIntoTheDirectoryItOpened()
    {
        using var spool = new TestSpool();
        using var writer = spool.Writer();
        var moved = spool.Layout.Incoming + ".moved";
        Directory.Move(spool.Layout.Incoming, moved);
        File.CreateSymbolicLink(spool.Layout.Incoming, spool.Outside);
        var entry = Entries.Make(SpoolNames.NewId());

        writer.Publish(entry);

        Assert.Equal([entry.Id], TestSpool.Names(moved));
        Assert.Empty(TestSpool.Names(spool.Outside));
    }

    private static void Run(string program, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(program, args);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"{program} did not finish");
        Assert.Equal(0, process.ExitCode);
    }
}
