using Mono.Unix.Native;

namespace PrivSepSigner.Posix.Files;

/// <summary>
/// What stat(2) says about a file, as plain values: callers judge type, mode, owner, links and
/// size without each decoding st_mode themselves.
/// </summary>
public sealed record FileStatus(FileKind Kind, int Permissions, uint Uid, uint Gid, long Size, ulong Links, long Blocks, ulong Device, ulong Inode)
{
    /// <summary>fstat(2) of an open descriptor (no path, so no race with a rename).</summary>
    public static FileStatus Of(SafeFd fd, string what)
    {
        ArgumentNullException.ThrowIfNull(fd);
        if (Syscall.fstat(fd.Fd, out var st) != 0)
        {
            throw NativeError.Exception(what);
        }

        return From(st);
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

    private static FileStatus From(in Stat st) => new(
        KindOf(st.st_mode),
        (int)st.st_mode & 0xFFF, // permission bits including setuid, setgid and sticky (mode & 07777)
        st.st_uid,
        st.st_gid,
        st.st_size,
        st.st_nlink,
        st.st_blocks,
        st.st_dev,
        st.st_ino);

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
