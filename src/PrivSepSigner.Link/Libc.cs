using System.Runtime.InteropServices;

namespace PrivSepSigner.Link;

/// <summary>
/// The few libc calls the link needs (Linux, glibc). Structures are passed as opaque byte
/// buffers filled and read by libc itself, so no field offset is hard-coded except where a
/// comment says so.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    // <asm-generic/fcntl.h>
    public const int ORdWr = 0x2;
    public const int ONoCtty = 0x100;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;
    public const int FGetFl = 3;
    public const int FSetFl = 4;

    // <fcntl.h>: resolve a relative path against the working directory.
    public const int AtFdCwd = -100;

    // <linux/stat.h>
    public const uint StatxType = 0x1;
    public const uint StatxIno = 0x100;
    public const int StatxModeOffset = 28; // struct statx is arch-independent: stx_mode is a __u16 at 28,
    public const int StatxInoOffset = 32; // stx_ino a __u64 at 32,
    public const int StatxDevMajorOffset = 136; // stx_dev_major and stx_dev_minor __u32 at 136 and 140.
    public const int StatxSize = 256;
    public const int SIfMt = 0xF000;
    public const int SIfSock = 0xC000;
    public const int SIfChr = 0x2000;

    // <termios.h>
    public const int TcsaNow = 0;

    [LibraryImport(Library, EntryPoint = "posix_openpt", SetLastError = true)]
    public static partial int PosixOpenpt(int flags);

    [LibraryImport(Library, EntryPoint = "grantpt", SetLastError = true)]
    public static partial int Grantpt(int fd);

    [LibraryImport(Library, EntryPoint = "unlockpt", SetLastError = true)]
    public static partial int Unlockpt(int fd);

    // Returns 0 or an errno value (it does not set errno).
    [LibraryImport(Library, EntryPoint = "ptsname_r")]
    public static partial int PtsnameR(int fd, byte* buf, nuint buflen);

    // open(2) is variadic; the mode argument is only read with O_CREAT, which is never passed.
    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    // <sys/file.h>
    public const int LockEx = 2;
    public const int LockNb = 4;
    public const int EWouldBlock = 11;

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    // fcntl(2) is variadic; F_GETFL/F_SETFL take an int, passed like a fixed argument on x86_64 and arm64.
    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int cmd, int arg);

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int dirfd, string path, int flags, uint mask, byte* statxbuf);

    [LibraryImport(Library, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int Tcgetattr(int fd, byte* termios);

    [LibraryImport(Library, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int Tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport(Library, EntryPoint = "cfmakeraw")]
    public static partial void Cfmakeraw(byte* termios);

    [LibraryImport(Library, EntryPoint = "cfsetispeed", SetLastError = true)]
    public static partial int Cfsetispeed(byte* termios, uint speed);

    [LibraryImport(Library, EntryPoint = "cfsetospeed", SetLastError = true)]
    public static partial int Cfsetospeed(byte* termios, uint speed);

    // <poll.h>
    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollErr = 0x8;
    public const short PollHup = 0x10;

    // <errno.h>
    public const int EIntr = 4;
    public const int EIo = 5;
    public const int EAgain = 11;

    // struct pollfd { int fd; short events; short revents; }: 8 bytes, no padding.
    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(long* fds, nuint nfds, int timeoutMs);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buf, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buf, nuint count);

    /// <summary>An IOException carrying errno's text and the path or call that failed.</summary>
    public static IOException Error(string what, int errno) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);

    /// <summary>An IOException from the last P/Invoke's errno.</summary>
    public static IOException LastError(string what) => Error(what, Marshal.GetLastPInvokeError());
}
