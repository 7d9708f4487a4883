using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Terminal;

namespace PrivSepSigner.Link;

/// <summary>
/// Opens the byte stream that carries frames: a Unix-domain stream socket or a terminal
/// (pty slave or serial port) in raw mode.
/// </summary>
public static class LinkStream
{
    /// <summary>Default speed of a real serial line (8N1).</summary>
    public const int DefaultBaud = 115200;

    /// <summary>How long a front end waits for a serial line another front end holds, unless told otherwise.</summary>
    public static readonly TimeSpan DefaultLineWait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Opens the front end's side. <paramref name="path"/> (symlinks followed) must be a
    /// Unix socket, which is connected, or a terminal device, which is opened, taken for this
    /// front end alone (<see cref="LineLock"/>: another one waits, up to <paramref name="lineWait"/>,
    /// told through <paramref name="waiting"/>) and made raw.
    /// </summary>
    /// <exception cref="IOException">The path is neither, cannot be opened, or another front end held the line too long.</exception>
    public static Stream OpenClient(string path, TimeSpan? lineWait = null, Action<string>? waiting = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int type = FileType(path);
        if (type == Libc.S_IFSOCK)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                throw new IOException($"{path}: {ex.Message}", ex);
            }
        }

        if (type == Libc.S_IFCHR)
        {
            return OpenTerminal(path, baud: 0, fd => LineLock.Take(fd, path, lineWait ?? DefaultLineWait, waiting));
        }

        throw new IOException($"{path}: neither a Unix socket nor a character device");
    }

    /// <summary>Opens a real serial port on the serving side: raw, 8N1, <paramref name="baud"/>.</summary>
    public static Stream OpenTty(string device, int baud)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baud);
        return OpenTerminal(device, baud);
    }

    private static Stream OpenTerminal(string path, int baud, Action<int>? take = null)
    {
        // O_NONBLOCK so open does not wait for carrier detect on a serial line; it stays set:
        // TerminalStream waits with poll(2) so that reads can be cancelled.
        int fd = Libc.openat(Libc.AT_FDCWD, FileNameCodec.EncodePath(path), Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC | Libc.O_NONBLOCK, 0);
        if (fd < 0)
        {
            throw NativeError.Exception(path);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            // Before anything is set or sent: the line may be another front end's now.
            take?.Invoke(fd);
            try
            {
                Termios.MakeRaw(fd, baud);
            }
            catch (IOException ex)
            {
                throw new IOException($"{path}: not a usable terminal: {ex.Message}", ex);
            }

            return new TerminalStream(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static unsafe int FileType(string path)
    {
        byte* buf = stackalloc byte[Libc.StatxSize];
        if (Libc.statx(Libc.AT_FDCWD, path, 0, Libc.STATX_TYPE, buf) != 0)
        {
            // errno first, then the symlink's target (a pty link left by a stopped comm handler
            // points at a /dev/pts entry that is gone: say which).
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            var target = new FileInfo(path).LinkTarget;
            throw NativeError.Exception(target is null ? path : $"{path} -> {target}", errno);
        }

        ushort mode = *(ushort*)(buf + Libc.StatxModeOffset);
        return mode & Libc.S_IFMT;
    }
}
