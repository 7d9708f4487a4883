using PrivSepSigner.Posix;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Native;
using PrivSepSigner.Spool.Reading;
using PrivSepSigner.Spool.Tests.TestSupport;

namespace PrivSepSigner.Spool.Tests.Reading;

public sealed class SpoolReaderQuarantineTests
{
    [Fact]
    public void QuarantineMovesTheEntryUnderANewName()
    {
        using var spool = new TestSpool();
        using var reader = spool.Reader();
        spool.Plant("abc", [1, 2, 3]);

        var moved = reader.Quarantine("abc", "test");

        Assert.NotNull(moved);
        Assert.Matches("^abc\\.[0-9a-f]{13}\\.[0-9a-f]{16}$", moved);
        Assert.Empty(TestSpool.Names(spool.Layout.Incoming));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(spool.Layout.Quarantine, moved)));
    }

    [Fact]
    public void InvalidNamesAreQuarantinedAsBad()
    {
        using var spool = new TestSpool();
        using var reader = spool.Reader();
        spool.Plant("é", [1]);

        var listed = Assert.Single(reader.List());
        var moved = reader.Quarantine(listed, "invalid entry name");

        Assert.StartsWith("bad.", moved, StringComparison.Ordinal);
        Assert.Empty(TestSpool.Names(spool.Layout.Incoming));
    }

    [Fact]
    public void NamesThatAreNotUtf8CanStillBeQuarantined()
    {
        using var spool = new TestSpool();
        using var reader = spool.Reader();
        var path = System.Text.Encoding.Latin1.GetBytes(spool.InIncoming("bad\xff\xfe"));
        CreateEmptyFile(path);

        var listed = Assert.Single(reader.List());
        Assert.IsType<SpoolReadResult.Rejected>(reader.Read(listed));
        Assert.NotNull(reader.Quarantine(listed, "invalid entry name"));

        Assert.Equal(0, reader.Count());
    }

    [Fact]
    public void QuarantineMovesASymlinkItselfAndLeavesItsTargetAlone()
    {
        using var spool = new TestSpool();
        using var reader = spool.Reader();
        var target = Path.Combine(spool.Outside, "ca.key");
        File.WriteAllText(target, "secret");
        File.CreateSymbolicLink(spool.InIncoming("link"), target);

        var moved = reader.Quarantine("link", "symbolic link");

        Assert.NotNull(moved);
        Assert.Equal("secret", File.ReadAllText(target));
        Assert.NotNull(new FileInfo(Path.Combine(spool.Layout.Quarantine, moved)).LinkTarget);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void QuarantineRefusesPaths(string name)
    {
        using var spool = new TestSpool();
        using var reader = spool.Reader();

        Assert.Throws<ArgumentException>(() => reader.Quarantine(name, "test"));
    }

    [Fact]
    public void QuarantineKeepsItsCountBoundedAndDropsTheOldest()
    {
        using var spool = new TestSpool();
        const int Cap = 10;
        using var reader = spool.Reader(TestSpool.Options(maxQuarantined: Cap));
        var oldest = Path.Combine(spool.Layout.Quarantine, "old.0000000000001.0000000000000000");
        File.WriteAllBytes(oldest, [0]);

        for (var i = 0; i < 3 * Cap; i++)
        {
            spool.Plant($"e{i:d2}", [1]);
            reader.Quarantine($"e{i:d2}", "test");
            Assert.InRange(TestSpool.Names(spool.Layout.Quarantine).Length, 1, Cap);
        }

        Assert.False(File.Exists(oldest));
        Assert.Contains(TestSpool.Names(spool.Layout.Quarantine), n => n.StartsWith("e29.", StringComparison.Ordinal));
    }

    [Fact]
    public void QuarantineOfTheDefaultCapStaysAtOneThousand()
    {
        using var spool = new TestSpool();
        using var reader = spool.Reader();
        for (var i = 0; i < SpoolLimits.MaxQuarantined; i++)
        {
            File.WriteAllBytes(Path.Combine(spool.Layout.Quarantine, $"q.{i:x13}.0000000000000000"), []);
        }

        spool.Plant("new", [1]);
        reader.Quarantine("new", "test");

        var names = TestSpool.Names(spool.Layout.Quarantine);
        Assert.Equal(SpoolLimits.MaxQuarantined, names.Length);
        Assert.DoesNotContain("q.0000000000000.0000000000000000", names);
    }

    /// <summary>Creates a file from raw name bytes, as a hostile writer could (no string marshalling in between).</summary>
    private static void CreateEmptyFile(byte[] path)
    {
        var fd = Libc.openat(Libc.AT_FDCWD, [.. path, 0], Libc.O_CREAT | Libc.O_WRONLY | Libc.O_CLOEXEC, 0x1A0);
        Assert.True(fd >= 0, "create file with a non-UTF-8 name");
        Assert.Equal(0, Libc.close(fd));
    }
}
