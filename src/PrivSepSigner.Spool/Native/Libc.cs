using System.Runtime.InteropServices;

namespace PrivSepSigner.Spool.Native;

/// <summary>
/// The raw libc calls the spool needs and .NET does not offer without following symlinks,
/// blocking on FIFOs or falling back to copy (REFERENCE 3, ".NET traps").
/// Paths are NUL-terminated byte strings from <see cref="FileNameCodec"/>.
/// </summary>
internal static unsafe partial class Libc
{
    // Flag values are the Linux ones; x86-64 and arm64 differ only in O_DIRECTORY and O_NOFOLLOW.
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;

    public const int AT_FDCWD = -100;
    public const int AT_REMOVEDIR = 0x200;
    public const uint RENAME_NOREPLACE = 1;

    public const short POLLIN = 0x1;

    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int ENXIO = 6;
    public const int EAGAIN = 11;
    public const int EEXIST = 17;
    public const int EISDIR = 21;
    public const int ELOOP = 40;

    public static int O_DIRECTORY { get; } = IsX64 ? 0x10000 : 0x4000;

    public static int O_NOFOLLOW { get; } = IsX64 ? 0x20000 : 0x8000;

    private static bool IsX64 => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => true,
        Architecture.Arm64 => false,
        var other => throw new PlatformNotSupportedException($"spool: open(2) flag values unknown for {other}"),
    };

    [LibraryImport("libc", SetLastError = true)]
    public static partial int openat(int dirfd, byte[] path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int unlinkat(int dirfd, byte[] path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fchmod(int fd, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint pread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint pwrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint nfds, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint fdopendir(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint readdir(nint dirp);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int closedir(nint dirp);

    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport("libc")]
    public static partial int getppid();
}
