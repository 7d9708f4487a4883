using System.ComponentModel;
using System.Runtime.InteropServices;
using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Terminal;

namespace PrivSepSigner.Logging.Targets;

/// <summary>
/// A serial line (or pty): opened O_WRONLY|O_NOCTTY|O_NONBLOCK so it never becomes our
/// controlling terminal and never blocks, then set raw at the configured speed. A full
/// output buffer (EAGAIN) is "busy": the pump retries later, the daemon never waits.
/// </summary>
public sealed unsafe class TtyTarget : ILineTarget
{
    private readonly string device;
    private readonly int baud;
    private int fd = -1;

    public TtyTarget(string device, int baud = 115200)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        _ = Termios.SpeedConstant(baud);
        this.device = device;
        this.baud = baud;
    }

    public string Name => "tty:" + device;

    public bool AppendsNewline => true;

    public bool IsOpen => fd >= 0;

    public void Open()
    {
        Close();
        var opened = Libc.openat(Libc.AT_FDCWD, FileNameCodec.EncodePath(device), Libc.O_WRONLY | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (opened < 0)
        {
            throw new IOException($"open {device}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }
        try
        {
            // Raw: no CR/LF translation, no echo, 8 bits, so the bytes MAC'd are the bytes sent.
            Termios.MakeRaw(opened, baud);
        }
        catch (IOException e)
        {
            _ = Libc.close(opened);
            throw new IOException($"{device}: {e.Message}", e);
        }
        catch
        {
            _ = Libc.close(opened);
            throw;
        }
        fd = opened;
    }

    public LineWriteResult Write(ReadOnlySpan<byte> data, out int written)
    {
        written = 0;
        if (fd < 0)
        {
            return LineWriteResult.Failed;
        }
        fixed (byte* pointer = data)
        {
            var result = Libc.write(fd, pointer, (nuint)data.Length);
            if (result >= 0)
            {
                written = (int)result;
                return LineWriteResult.Written;
            }
        }
        var errno = Marshal.GetLastPInvokeError();
        // EIO after hang-up, ENXIO when the device went away: reopen later.
        return errno is Libc.EAGAIN or Libc.EINTR ? LineWriteResult.Busy : LineWriteResult.Failed;
    }

    public void Close()
    {
        if (fd >= 0)
        {
            _ = Libc.close(fd);
            fd = -1;
        }
    }

    public void Dispose() => Close();
}
