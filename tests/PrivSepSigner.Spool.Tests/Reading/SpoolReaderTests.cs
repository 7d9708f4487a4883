using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Reading;
using PrivSepSigner.Spool.Tests.TestSupport;

namespace PrivSepSigner.Spool.Tests.Reading;

public sealed class SpoolReaderTests
{
    [Fact]
    public void ListReturnsSortedNamesIncludingInvalidOnes()
    {
        using var spool = new TestSpool();
        foreach (var name in new[] { "c", "a", "b", ".hidden", "Z" })
        {
            spool.Plant(name, [0]);
        }

        using var reader = spool.Reader();

        Assert.Equal([".hidden", "Z", "a", "b", "c"], reader.List());
        Assert.Equal(5, reader.Count());
    }

    [Fact]
    public void ListKeepsTheSmallestNamesUpToMax()
    {
        using var spool = new TestSpool();
        var names = Enumerable.Range(0, 50).Select(i => $"n{i:d3}").ToList();
        foreach (var name in names.AsEnumerable().Reverse())
        {
            spool.Plant(name, [0]);
        }

        using var reader = spool.Reader();

        Assert.Equal(names.Take(7), reader.List(7));
        Assert.Equal(50, reader.Count());
    }

    [Fact]
    public void ListOfAnEmptyDirectoryIsEmpty()
    {
        using var spool = new TestSpool();
        using var reader = spool.Reader();

        Assert.Empty(reader.List());
        Assert.Equal(0, reader.Count());
    }

    [Fact]
    public void RemoveDeletesOnceThenReportsGone()
    {
        using var spool = new TestSpool();
        using var writer = spool.Writer();
        using var reader = spool.Reader();
        var entry = Entries.Make(SpoolNames.NewId());
        writer.Publish(entry);

        Assert.True(reader.Remove(entry.Id));
        Assert.False(reader.Remove(entry.Id));
        reader.SyncDirectory();
        Assert.Equal(0, reader.Count());
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../quarantine")]
    [InlineData(".hidden")]
    public void RemoveRefusesNamesThatAreNotEntries(string name)
    {
        using var spool = new TestSpool();
        using var reader = spool.Reader();

        Assert.Throws<ArgumentException>(() => reader.Remove(name));
        Assert.True(Directory.Exists(spool.Layout.Quarantine));
    }

    [Fact]
    public void ReadOfAVanishedEntryIsRejectedAndQuarantineIgnoresIt()
    {
        using var spool = new TestSpool();
        using var reader = spool.Reader();

        var rejected = Assert.IsType<SpoolReadResult.Rejected>(reader.Read("gone"));

        Assert.Equal("vanished", rejected.Reason);
        Assert.Null(reader.Quarantine("gone", rejected.Reason));
    }

    [Fact]
    public void ReaderKeepsReadingTheDirectoryItOpened()
    {
        using var spool = new TestSpool();
        using var writer = spool.Writer();
        var original = Entries.Make("original");
        writer.Publish(original);
        using var reader = spool.Reader();

        // Swap incoming for a symlink to another directory holding a well-formed entry.
        Directory.Move(spool.Layout.Incoming, spool.Layout.Incoming + ".old");
        var other = spool.Outside;
        File.CreateSymbolicLink(spool.Layout.Incoming, other);
        File.WriteAllBytes(Path.Combine(other, "planted"), SpoolEntryCodec.Encode(Entries.Make("planted")));
        TestSpool.Chmod(Path.Combine(other, "planted"), TestSpool.EntryMode);

        Assert.Equal(["original"], reader.List());
        Assert.IsType<SpoolReadResult.Ok>(reader.Read("original"));
        Assert.IsType<SpoolReadResult.Rejected>(reader.Read("planted"));
        Assert.True(reader.Remove("original"));
        Assert.True(File.Exists(Path.Combine(other, "planted")));
    }

    [Fact]
    public void RefusesAWorldWritableDirectory()
    {
        using var spool = new TestSpool();
        TestSpool.Chmod(spool.Layout.Incoming, 0x1FF);

        Assert.Throws<IOException>(() => spool.Reader());
    }

    [Fact]
    public void RefusesASymlinkedDirectory()
    {
        using var spool = new TestSpool();
        var link = Path.Combine(spool.Layout.Root, "linked");
        File.CreateSymbolicLink(link, spool.Layout.Incoming);

        Assert.Throws<IOException>(() => new SpoolReader(link, null, TestSpool.Options()));
    }

    [Fact]
    public void ReaderWithoutQuarantineRefusesToQuarantine()
    {
        using var spool = new TestSpool();
        using var reader = new SpoolReader(spool.Layout.Incoming, null, TestSpool.Options());
        spool.Plant("x", [1]);

        Assert.Throws<InvalidOperationException>(() => reader.Quarantine("x", "test"));
        Assert.True(File.Exists(spool.InIncoming("x")));
    }

    [Fact]
    public void RejectsBadOptions()
    {
        using var spool = new TestSpool();

        Assert.Throws<ArgumentOutOfRangeException>(() => spool.Reader(TestSpool.Options(maxBytes: SpoolLimits.MaxEntryBytes + 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => spool.Reader(TestSpool.Options() with { ExpectedMode = 0x10000 }));
    }
}
