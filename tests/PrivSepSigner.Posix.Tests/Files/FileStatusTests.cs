using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;

namespace PrivSepSigner.Posix.Tests.Files;

/// <summary>stat(2) decoded once: lstat of a path never follows a link, and a failure keeps its errno.</summary>
public sealed class FileStatusTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("filestatus-").FullName;

    [Fact]
    public void A_symlink_is_described_itself_never_its_target()
    {
        var target = Path.Combine(dir, "target");
        File.WriteAllText(target, "data");
        File.CreateSymbolicLink(Path.Combine(dir, "link"), target);

        Assert.True(FileStatus.TryOfPath(Path.Combine(dir, "link"), out var link));
        Assert.Equal(FileKind.Symlink, link.Kind);
        Assert.Equal(FileKind.Regular, FileStatus.OfPath(target, "lstat target").Kind);
    }

    [Fact]
    public void A_missing_path_is_false_with_its_errno_and_throws_when_required()
    {
        var missing = Path.Combine(dir, "missing");

        Assert.False(FileStatus.TryOfPath(missing, out _));
        Assert.Equal("ENOENT", NativeError.Name(NativeError.Last));
        var e = Assert.Throws<IOException>(() => FileStatus.OfPath(missing, "lstat missing"));
        Assert.StartsWith("lstat missing: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(Libc.ENOENT, e.HResult);
    }

    [Fact]
    public void The_path_and_an_open_descriptor_describe_the_same_file()
    {
        var path = Path.Combine(dir, "file");
        File.WriteAllText(path, "12345");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var modified = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
        using var fd = SafeFd.OpenAt(Libc.AT_FDCWD, path, Libc.O_RDONLY, 0, path);

        var byPath = FileStatus.OfPath(path, path);
        var byFd = FileStatus.Of(fd, path);

        Assert.Equal(byPath, byFd);
        Assert.Equal((5L, 0b110_100_000, 1UL), (byFd.Size, byFd.Permissions, byFd.Links));
        Assert.Equal(modified.ToUnixTimeSeconds(), byFd.ModifiedUnixSeconds);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
