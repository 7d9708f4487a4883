using Mono.Unix.Native;
using PrivSepSigner.Posix;

namespace PrivSepSigner.Spool.Native;

/// <summary>S_ISREG and friends over Mono's stat, plus a printable name for rejection reasons.</summary>
internal static class FileTypes
{
    public static FilePermissions TypeOf(in Stat st) => st.st_mode & FilePermissions.S_IFMT;

    public static bool IsRegular(in Stat st) => TypeOf(st) == FilePermissions.S_IFREG;

    public static bool IsDirectory(in Stat st) => TypeOf(st) == FilePermissions.S_IFDIR;

    public static bool IsFifo(in Stat st) => TypeOf(st) == FilePermissions.S_IFIFO;

    /// <summary>Permission bits including setuid, setgid and sticky (mode &amp; 07777).</summary>
    public static int PermissionsOf(in Stat st) => (int)st.st_mode & 0xFFF;

    public static string Describe(in Stat st) => TypeOf(st) switch
    {
        FilePermissions.S_IFREG => "regular file",
        FilePermissions.S_IFDIR => "directory",
        FilePermissions.S_IFLNK => "symbolic link",
        FilePermissions.S_IFIFO => "FIFO",
        FilePermissions.S_IFSOCK => "socket",
        FilePermissions.S_IFCHR => "character device",
        FilePermissions.S_IFBLK => "block device",
        _ => "unknown file type",
    };
}
