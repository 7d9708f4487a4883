using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Terminal;

namespace PrivSepSigner.Link;

/// <summary>
/// A pseudo-terminal pair for serving the link to a local front end (or a VM's virtual
/// serial port). The slave side is made raw and kept open for the object's lifetime, so the
/// master never reads EIO/hang-up when a front end closes its end (pty(7)).
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    private readonly SafeFileHandle slave;

    private PseudoTerminal(string slavePath, Stream master, SafeFileHandle slave)
    {
        SlavePath = slavePath;
        Master = master;
        this.slave = slave;
    }

    /// <summary>Path of the slave device, e.g. /dev/pts/7, for the front end to open.</summary>
    public string SlavePath { get; }

    /// <summary>The master side, unbuffered.</summary>
    public Stream Master { get; }

    /// <summary>Allocates a new pty pair (posix_openpt, grantpt, unlockpt, ptsname_r).</summary>
    /// <exception cref="IOException">libc refused.</exception>
    public static unsafe PseudoTerminal Open()
    {
        int masterFd = Libc.posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
        if (masterFd < 0)
        {
            throw NativeError.Exception("posix_openpt");
        }

        var master = new SafeFileHandle(masterFd, ownsHandle: true);
        try
        {
            if (Libc.grantpt(masterFd) != 0)
            {
                throw NativeError.Exception("grantpt");
            }

            if (Libc.unlockpt(masterFd) != 0)
            {
                throw NativeError.Exception("unlockpt");
            }

            const int PathBufferSize = 128;
            byte* buf = stackalloc byte[PathBufferSize];
            int err = Libc.ptsname_r(masterFd, buf, PathBufferSize);
            if (err != 0)
            {
                throw NativeError.Exception("ptsname_r", err);
            }

            string slavePath = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(buf));
            int slaveFd = Libc.openat(Libc.AT_FDCWD, FileNameCodec.EncodePath(slavePath), Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0);
            if (slaveFd < 0)
            {
                throw NativeError.Exception(slavePath);
            }

            var slave = new SafeFileHandle(slaveFd, ownsHandle: true);
            try
            {
                Termios.MakeRaw(slave);
                return new PseudoTerminal(slavePath, new TerminalStream(master), slave);
            }
            catch
            {
                slave.Dispose();
                throw;
            }
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Master.Dispose();
        this.slave.Dispose();
    }
}
