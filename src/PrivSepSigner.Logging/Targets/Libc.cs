using System.Runtime.InteropServices;

namespace PrivSepSigner.Logging.Targets;

/// <summary>The few libc calls the tty target needs; .NET has no termios API.</summary>
internal static unsafe partial class Libc
{
    // Linux x86_64/aarch64 values from <fcntl.h>, <errno.h>, <termios.h>.
    public const int OWrOnly = 0x1;
    public const int ONoCtty = 0x100;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;
    public const int OCreat = 0x40;
    public const int OAppend = 0x400;
    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int TcsaNow = 0;

    /// <summary>glibc's struct termios is 60 bytes; a larger opaque buffer is safe for cfmakeraw.</summary>
    public const int TermiosBufferBytes = 256;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(int fd, byte* termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int TcSetAttr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    public static partial void CfMakeRaw(byte* termios);

    [LibraryImport("libc", EntryPoint = "cfsetspeed", SetLastError = true)]
    public static partial int CfSetSpeed(byte* termios, uint speed);

    /// <summary>Baud rate to the speed_t constant of &lt;termios.h&gt; (Linux values).</summary>
    public static uint SpeedConstant(int baud) => baud switch
    {
        1200 => 0x9,
        2400 => 0xb,
        4800 => 0xc,
        9600 => 0xd,
        19200 => 0xe,
        38400 => 0xf,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        921600 => 0x1007,
        _ => throw new ArgumentOutOfRangeException(nameof(baud), baud, "Unsupported baud rate."),
    };
}
