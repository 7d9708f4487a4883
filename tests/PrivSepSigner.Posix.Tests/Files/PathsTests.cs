using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;

namespace PrivSepSigner.Posix.Tests.Files;

/// <summary>mkfifo and rename by path: an existing name is reported, not replaced or followed.</summary>
public sealed class PathsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("paths-").FullName;

    [Fact]
    public void A_fifo_is_made_once_and_an_existing_name_of_any_type_is_left_as_it_was()
    {
        var fifo = Path.Combine(dir, "fifo");
        var file = Path.Combine(dir, "file");
        File.WriteAllText(file, "kept");

        Assert.True(Paths.CreateFifo(fifo, 0b110_000_000));
        Assert.False(Paths.CreateFifo(fifo, 0b110_000_000));
        Assert.False(Paths.CreateFifo(file, 0b110_000_000));

        var st = FileStatus.OfPath(fifo, fifo);
        Assert.Equal((FileKind.Fifo, 0b110_000_000), (st.Kind, st.Permissions));
        Assert.Equal("kept", File.ReadAllText(file));
    }

    [Fact]
    public void A_fifo_that_cannot_be_made_throws_with_the_errno()
    {
        var e = Assert.Throws<IOException>(() => Paths.CreateFifo(Path.Combine(dir, "no-such-dir", "fifo"), 0b110_000_000));

        Assert.Contains("mkfifo ", e.Message, StringComparison.Ordinal);
        Assert.Equal(Libc.ENOENT, e.HResult);
    }

    [Fact]
    public void Rename_replaces_a_symlink_itself_and_leaves_its_target_alone()
    {
        var target = Path.Combine(dir, "target");
        File.WriteAllText(target, "untouched");
        var link = Path.Combine(dir, "link");
        File.CreateSymbolicLink(link, target);
        var fresh = Path.Combine(dir, "fresh");
        File.WriteAllText(fresh, "new");

        Paths.Rename(fresh, link, "publish");

        Assert.Equal(FileKind.Regular, FileStatus.OfPath(link, link).Kind);
        Assert.Equal("new", File.ReadAllText(link));
        Assert.Equal("untouched", File.ReadAllText(target));
        Assert.False(File.Exists(fresh));
    }

    [Fact]
    public void A_failed_rename_names_what_was_renamed()
    {
        var e = Assert.Throws<IOException>(() => Paths.Rename(Path.Combine(dir, "absent"), Path.Combine(dir, "to"), "publish link"));

        Assert.StartsWith("publish link: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(Libc.ENOENT, e.HResult);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
