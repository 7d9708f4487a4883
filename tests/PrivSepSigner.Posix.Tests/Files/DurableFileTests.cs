using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;

namespace PrivSepSigner.Posix.Tests.Files;

/// <summary>The one durable-file writer on a real directory: exact mode, never an existing name, one component only.</summary>
public sealed class DurableFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("durable-").FullName;

    [Fact]
    public void Writes_the_content_with_the_exact_mode_whatever_the_umask()
    {
        using var fd = OpenDir();

        // 0666: the usual umasks (022, 027, 077) clear group/other write; fchmod sets the bits exactly.
        DurableFile.Create(fd.Fd, "entry", "hello"u8, 0b110_110_110, "test entry");

        Assert.Equal("hello", File.ReadAllText(Path.Combine(dir, "entry")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite, File.GetUnixFileMode(Path.Combine(dir, "entry")));
    }

    [Fact]
    public void An_existing_name_is_refused_and_left_as_it_was()
    {
        File.WriteAllText(Path.Combine(dir, "taken"), "before");
        using var fd = OpenDir();

        var e = Assert.Throws<IOException>(() => DurableFile.Create(fd.Fd, "taken", "after"u8, 0b110_000_000, "taken entry"));

        Assert.Contains("create taken entry", e.Message, StringComparison.Ordinal);
        Assert.Equal("before", File.ReadAllText(Path.Combine(dir, "taken")));
    }

    [Fact]
    public void A_symlink_at_the_name_is_not_followed()
    {
        var outside = Path.Combine(dir, "outside");
        File.WriteAllText(outside, "untouched");
        File.CreateSymbolicLink(Path.Combine(dir, "link"), outside);
        using var fd = OpenDir();

        Assert.Throws<IOException>(() => DurableFile.Create(fd.Fd, "link", "written"u8, 0b110_000_000, "link"));

        Assert.Equal("untouched", File.ReadAllText(outside));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("sub/file")]
    [InlineData("..")]
    public void Only_one_file_name_is_accepted(string name)
    {
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        using var fd = OpenDir();

        Assert.Throws<ArgumentException>(() => DurableFile.Create(fd.Fd, name, "x"u8, 0b110_000_000, name));

        Assert.False(File.Exists(Path.Combine(dir, "sub", "file")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(dir)!, "escape")));
    }

    [Fact]
    public void CreateNew_by_path_has_the_exact_mode_and_refuses_a_taken_name()
    {
        var path = Path.Combine(dir, "key.pem");
        DurableFile.CreateNew(path, "secret"u8, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite);

        Assert.Equal("secret", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite, File.GetUnixFileMode(path));
        var e = Assert.Throws<IOException>(() => DurableFile.CreateNew(path, "other"u8, UnixFileMode.UserRead));
        Assert.Equal(Libc.EEXIST, e.HResult);
        Assert.Equal("secret", File.ReadAllText(path));
    }

    [Fact]
    public void Replace_puts_the_new_contents_in_place_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(dir, "config.json");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);

        DurableFile.Replace(path, "new"u8, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(["config.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Replace_that_cannot_rename_keeps_the_old_file_and_removes_the_temporary_one()
    {
        // A directory at the name: rename(2) of a file over it fails with EISDIR.
        var path = Path.Combine(dir, "occupied");
        Directory.CreateDirectory(path);

        var e = Assert.Throws<IOException>(() => DurableFile.Replace(path, "new"u8, UnixFileMode.UserRead | UnixFileMode.UserWrite));

        Assert.Equal(Libc.EISDIR, e.HResult);
        Assert.True(Directory.Exists(path));
        Assert.Empty(Directory.GetFiles(dir));
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private SafeFd OpenDir() => SafeFd.OpenAt(Libc.AT_FDCWD, dir, Libc.O_RDONLY | Libc.O_DIRECTORY, 0, dir);
}
