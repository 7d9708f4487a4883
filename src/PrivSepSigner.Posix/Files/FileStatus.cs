using System.Diagnostics.CodeAnalysis;
using Mono.Unix.Native;

namespace PrivSepSigner.Posix.Files;

/// <summary>
/// What stat(2) says about a file, as plain values: callers judge type, mode, owner, links and
/// size without each decoding st_mode themselves.
/// </summary>
public sealed record FileStatus(FileKind Kind, int Permissions, uint Uid, uint Gid, long Size, ulong Links, long Blocks, ulong Device, ulong Inode, long ModifiedUnixSeconds)
{
    /// <summary>fstat(2) of an open descriptor (no path, so no race with a rename).</summary>
    public static FileStatus Of(SafeFd fd, string what)
    {
        ArgumentNullException.ThrowIfNull(fd);
        return Of(fd.Fd, what);
    }

    /// <summary>fstat(2) of a raw descriptor the caller keeps open for the call (a lease, a fresh open).</summary>
    public static FileStatus Of(int fd, string what) =>
        TryOf(fd, out var status) ? status : throw NativeError.Exception(what);

    /// <summary>fstat(2) that never throws; on false <see cref="NativeError.Last"/> holds the errno.</summary>
    public static bool TryOf(int fd, [NotNullWhen(true)] out FileStatus? status) =>
        Decoded(Syscall.fstat(fd, out var st), st, out status);

    /// <summary>lstat(2): a symlink at <paramref name="path"/> is described itself, never followed.</summary>
    public static FileStatus OfPath(string path, string what) =>
        TryOfPath(path, out var status) ? status : throw NativeError.Exception(what);

    /// <summary>
    /// lstat(2) that never throws: false when nothing can be stated at <paramref name="path"/>
    /// (missing, or a directory on the way not searchable); <see cref="NativeError.Last"/> then holds the errno.
    /// </summary>
    public static bool TryOfPath(string path, [NotNullWhen(true)] out FileStatus? status)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Decoded(Syscall.lstat(path, out var st), st, out status);
    }

    /// <summary>A printable name for rejection reasons.</summary>
    public string Describe() => Describe(Kind);

    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "regular file",
        FileKind.Directory => "directory",
        FileKind.Symlink => "symbolic link",
        FileKind.Fifo => "FIFO",
        FileKind.Socket => "socket",
        FileKind.CharDevice => "character device",
        FileKind.BlockDevice => "block device",
        _ => "unknown file type",
    };

    /// <summary>Decodes what a stat call filled in; null when it failed (the errno is left for the caller).</summary>
    private static bool Decoded(int result, in Stat st, [NotNullWhen(true)] out FileStatus? status)
    {
        status = result == 0 ? From(st) : null;
        return status is not null;
    }

    private static FileStatus From(in Stat st) => new(
        KindOf(st.st_mode),
        (int)st.st_mode & 0xFFF, // permission bits including setuid, setgid and sticky (mode & 07777)
        st.st_uid,
        st.st_gid,
        st.st_size,
        st.st_nlink,
        st.st_blocks,
        st.st_dev,
        st.st_ino,
        st.st_mtime);

    private static FileKind KindOf(FilePermissions mode) => (mode & FilePermissions.S_IFMT) switch
    {
        FilePermissions.S_IFREG => FileKind.Regular,
        FilePermissions.S_IFDIR => FileKind.Directory,
        FilePermissions.S_IFLNK => FileKind.Symlink,
        FilePermissions.S_IFIFO => FileKind.Fifo,
        FilePermissions.S_IFSOCK => FileKind.Socket,
        FilePermissions.S_IFCHR => FileKind.CharDevice,
        FilePermissions.S_IFBLK => FileKind.BlockDevice,
        _ => FileKind.Other,
    };
}
