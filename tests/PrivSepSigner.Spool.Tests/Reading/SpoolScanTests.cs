using Mono.Unix.Native;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Tests.TestSupport;

namespace PrivSepSigner.Spool.Tests.Reading;

/// <summary>
/// A scan lists what can be an entry apart from what cannot, so that a peer flooding the
/// directory with directories, FIFOs or bad names never keeps a valid entry from being read
/// (the security review's flood: 10,200 directories stalled the spool for good).
/// </summary>
public sealed class SpoolScanTests : IDisposable
{
    private readonly TestSpool spool = new();

    public void Dispose() => spool.Dispose();

    [Fact]
    public void Valid_entries_are_candidates_however_many_smaller_names_cannot_be_entries()
    {
        using var writer = spool.Writer();
        // Names that sort before any generated id: "0000..." directories and FIFOs.
        for (var i = 0; i < 300; i++)
        {
            Directory.CreateDirectory(spool.InIncoming($"0000000000000-{i:x16}"));
            Assert.Equal(0, Syscall.mkfifo(spool.InIncoming($"0000000000001-{i:x16}"), FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));
        }

        File.WriteAllText(spool.InIncoming("0000000000002-bad.name"), "x");
        var valid = SpoolNames.NewId();
        writer.Publish(Entries.Make(valid));
        using var reader = spool.Reader();

        var scan = reader.Scan(maxCandidates: 8, maxSuspects: 16, _ => false);

        Assert.Equal([valid], scan.Candidates);
        Assert.Equal(16, scan.Suspects.Count);
        Assert.Equal(602, scan.Total);
        Assert.Equal(scan.Suspects.Order(StringComparer.Ordinal), scan.Suspects);
    }

    [Fact]
    public void Skipped_names_are_in_neither_list()
    {
        using var writer = spool.Writer();
        var a = SpoolNames.NewId();
        var b = SpoolNames.NewId();
        writer.Publish(Entries.Make(a));
        writer.Publish(Entries.Make(b));
        Directory.CreateDirectory(spool.InIncoming("dir"));
        using var reader = spool.Reader();

        var scan = reader.Scan(10, 10, n => n == a || n == "dir");

        Assert.Equal([b], scan.Candidates);
        Assert.Empty(scan.Suspects);
    }

    [Fact]
    public void An_empty_directory_can_be_removed_but_not_one_with_content()
    {
        Directory.CreateDirectory(spool.InIncoming("empty"));
        Directory.CreateDirectory(spool.InIncoming("full"));
        File.WriteAllText(Path.Combine(spool.InIncoming("full"), "f"), "x");
        using var reader = spool.Reader();

        Assert.True(reader.TryRemoveEmptyDirectory("empty"));
        Assert.False(reader.TryRemoveEmptyDirectory("full"));
        Assert.False(reader.TryRemoveEmptyDirectory("gone"));
        Assert.False(Directory.Exists(spool.InIncoming("empty")));
        Assert.True(Directory.Exists(spool.InIncoming("full")));
    }
}
