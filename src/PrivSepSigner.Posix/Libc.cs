using System.Runtime.InteropServices;

namespace PrivSepSigner.Posix;

/// <summary>
/// The raw libc calls (Linux, glibc) that .NET does not offer without following symlinks,
/// blocking on FIFOs, falling back to copy or hiding the errno (REFERENCE 3, ".NET traps"):
/// openat with O_NOFOLLOW/O_PATH, renameat2, fsync of a directory, ptys, termios, poll, flock.
/// Paths are NUL-terminated byte strings from <see cref="FileNameCodec"/>. Structures libc
/// fills itself are opaque byte buffers; a field offset is hard-coded only where a comment says so.
/// </summary>
public static unsafe partial class Libc
{
    private const string Library = "libc";

    // <asm-generic/fcntl.h>; x86-64 and arm64 differ only in O_DIRECTORY and O_NOFOLLOW.
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_APPEND = 0x400;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;

    public const int AT_FDCWD = -100;
    public const int AT_REMOVEDIR = 0x200;
    public const uint RENAME_NOREPLACE = 1;

    // <poll.h>
    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;

    // <errno.h>
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EAGAIN = 11;
    public const int EWOULDBLOCK = EAGAIN;
    public const int EEXIST = 17;
    public const int EISDIR = 21;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;

    // <sys/file.h>
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    // <linux/stat.h>: struct statx is arch-independent: stx_mode is a __u16 at 28, stx_ino a
    // __u64 at 32, stx_dev_major and stx_dev_minor __u32 at 136 and 140.
    public const uint STATX_TYPE = 0x1;
    public const uint STATX_INO = 0x100;
    public const int StatxModeOffset = 28;
    public const int StatxInoOffset = 32;
    public const int StatxDevMajorOffset = 136;
    public const int StatxSize = 256;

    // <sys/stat.h>
    public const int S_IFMT = 0xF000;
    public const int S_IFSOCK = 0xC000;
    public const int S_IFCHR = 0x2000;

    // <termios.h>
    public const int TCSANOW = 0;

    public static int O_DIRECTORY { get; } = IsX64 ? 0x10000 : 0x4000;

    public static int O_NOFOLLOW { get; } = IsX64 ? 0x20000 : 0x8000;

    private static bool IsX64 => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => true,
        Architecture.Arm64 => false,
        var other => throw new PlatformNotSupportedException($"open(2) flag values unknown for {other}"),
    };

    [LibraryImport(Library, SetLastError = true)]
    public static partial int openat(int dirfd, byte[] path, int flags, uint mode);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, uint flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int symlinkat(byte[] target, int newdirfd, byte[] linkpath);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int mkdirat(int dirfd, byte[] path, uint mode);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int unlinkat(int dirfd, byte[] path, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int fsync(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int fchmod(int fd, uint mode);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint pread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint pwrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint nfds, int timeoutMs);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint fdopendir(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint readdir(nint dirp);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int closedir(nint dirp);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int flock(int fd, int operation);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    // fcntl(2) is variadic; F_GETFL/F_SETFL take an int, passed like a fixed argument on x86_64 and arm64.
    [LibraryImport(Library, SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirfd, string path, int flags, uint mask, byte* statxbuf);

    [LibraryImport(Library)]
    public static partial int getppid();

    [LibraryImport(Library, SetLastError = true)]
    public static partial int posix_openpt(int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int grantpt(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int unlockpt(int fd);

    // Returns 0 or an errno value (it does not set errno).
    [LibraryImport(Library)]
    public static partial int ptsname_r(int fd, byte* buf, nuint buflen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int tcgetattr(int fd, byte* termios);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport(Library)]
    public static partial void cfmakeraw(byte* termios);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int cfsetispeed(byte* termios, uint speed);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int cfsetospeed(byte* termios, uint speed);
}
