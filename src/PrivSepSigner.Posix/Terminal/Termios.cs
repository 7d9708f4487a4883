using System.Runtime.InteropServices;

namespace PrivSepSigner.Posix.Terminal;

/// <summary>
/// Puts a terminal into raw mode so the link is binary-transparent: no echo, no line
/// editing, no CR/LF mapping, no XON/XOFF, no signals, 8-bit characters (termios(3), cfmakeraw).
/// </summary>
public static class Termios
{
    // glibc's struct termios is 60 bytes on x86_64 and arm64; libc fills and edits it.
    private const int TermiosBufferSize = 128;

    // c_cflag is the third tcflag_t (offset 8) on every Linux architecture (bits/termios-struct.h).
    private const int CflagOffset = 8;
    private const uint Cstopb = 0x40;
    private const uint Cread = 0x80;
    private const uint Clocal = 0x800;
    private const uint Crtscts = 0x80000000;

    /// <summary>Makes the terminal behind <paramref name="handle"/> raw; see <see cref="MakeRaw(int, int)"/>.</summary>
    public static void MakeRaw(SafeHandle handle, int baud = 0)
    {
        ArgumentNullException.ThrowIfNull(handle);
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            MakeRaw((int)handle.DangerousGetHandle(), baud);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Makes the terminal <paramref name="fd"/> raw. With <paramref name="baud"/> &gt; 0 (a real
    /// serial line) also sets that speed and 8N1 without modem control or hardware flow control.
    /// </summary>
    /// <exception cref="IOException">The descriptor is not a terminal or libc refused.</exception>
    public static unsafe void MakeRaw(int fd, int baud = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baud);
        uint speed = baud == 0 ? 0 : SpeedConstant(baud);
        byte* t = stackalloc byte[TermiosBufferSize];
        new Span<byte>(t, TermiosBufferSize).Clear();
        if (Libc.tcgetattr(fd, t) != 0)
        {
            throw NativeError.Exception("tcgetattr");
        }

        Libc.cfmakeraw(t);
        if (baud > 0)
        {
            uint* cflag = (uint*)(t + CflagOffset);
            *cflag = (*cflag & ~(Cstopb | Crtscts)) | Cread | Clocal;
            if (Libc.cfsetispeed(t, speed) != 0 || Libc.cfsetospeed(t, speed) != 0)
            {
                throw NativeError.Exception($"cfsetspeed {baud}");
            }
        }

        if (Libc.tcsetattr(fd, Libc.TCSANOW, t) != 0)
        {
            throw NativeError.Exception("tcsetattr");
        }
    }

    /// <summary>
    /// The one baud table (&lt;bits/termios-baud.h&gt;: speeds are codes, not numbers), for the
    /// link and the log line alike.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a speed this table knows.</exception>
    public static uint SpeedConstant(int baud) => baud switch
    {
        1200 => 0x9,
        2400 => 0xB,
        4800 => 0xC,
        9600 => 0xD,
        19200 => 0xE,
        38400 => 0xF,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        921600 => 0x1007,
        _ => throw new ArgumentOutOfRangeException(nameof(baud), baud, "Unsupported baud rate."),
    };
}
