using PrivSepSigner.Posix;

namespace PrivSepSigner.Logging.Targets;

/// <summary>
/// A plain append-only file (development installs: DIR/syslog.out holds exactly the stream
/// the serial line would carry). Both daemons append to the same file, so it is opened with
/// O_APPEND and every write(2) holds whole lines (its pump joins a burst of lines into one
/// write): the kernel places each write atomically at the end, and lines of the two writers
/// never overwrite or split each other. If the file is
/// removed or renamed away, the next write after a short interval notices and reopens it.
/// </summary>
public sealed unsafe class AppendFileTarget : ILineTarget
{
    private static readonly TimeSpan ExistsCheckInterval = TimeSpan.FromSeconds(1);

    private readonly string path;
    private readonly TimeProvider time;
    private Microsoft.Win32.SafeHandles.SafeFileHandle? stream;
    private long lastExistsCheck;

    public AppendFileTarget(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        this.path = path;
        this.time = time ?? TimeProvider.System;
    }

    public string Name => "file:" + path;

    public bool AppendsNewline => true;

    public bool IsOpen => stream is not null;

    public void Open()
    {
        Close();
        var fd = Libc.openat(Libc.AT_FDCWD, FileNameCodec.EncodePath(path), Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CREAT | Libc.O_CLOEXEC, 0b110_100_000);
        if (fd < 0)
        {
            throw new IOException($"{path}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}");
        }

        stream = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
        lastExistsCheck = time.GetTimestamp();
    }

    public LineWriteResult Write(ReadOnlySpan<byte> data, out int written)
    {
        written = 0;
        if (stream is null)
        {
            return LineWriteResult.Failed;
        }
        if (time.GetElapsedTime(lastExistsCheck) > ExistsCheckInterval)
        {
            lastExistsCheck = time.GetTimestamp();
            if (!File.Exists(path))
            {
                // Writing on would fill an unlinked inode nobody can read.
                return LineWriteResult.Failed;
            }
        }
        nint n;
        fixed (byte* p = data)
        {
            n = Libc.write((int)stream.DangerousGetHandle(), p, (nuint)data.Length);
        }

        if (n < 0)
        {
            return LineWriteResult.Failed;
        }

        written = (int)n;
        return n == data.Length ? LineWriteResult.Written : LineWriteResult.Failed;
    }

    public void Close()
    {
        stream?.Dispose();
        stream = null;
    }

    public void Dispose() => Close();
}
