using System.Runtime.InteropServices;

namespace PrivSepSigner.Posix;

/// <summary>
/// An owned file descriptor, closed exactly once. A SafeHandle so that a Dispose racing a poll
/// on another thread defers the close instead of letting the number be reused under the poll.
/// </summary>
public sealed unsafe class SafeFd : SafeHandle
{
    public SafeFd()
        : base(-1, ownsHandle: true)
    {
    }

    public SafeFd(int fd)
        : this()
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle == -1;

    public int Fd => (int)handle;

    /// <summary>openat(2) retried on EINTR; throws an IOException naming <paramref name="what"/>.</summary>
    public static SafeFd OpenAt(int dirfd, string name, int flags, uint mode, string what) =>
        OpenAt(dirfd, FileNameCodec.EncodePath(name), flags, mode, what);

    /// <summary>openat(2) of a name already encoded (<see cref="FileNameCodec"/>), retried on EINTR.</summary>
    public static SafeFd OpenAt(int dirfd, byte[] path, int flags, uint mode, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        while (true)
        {
            var fd = Libc.openat(dirfd, path, flags | Libc.O_CLOEXEC, mode);
            if (fd >= 0)
            {
                return new SafeFd(fd);
            }

            var errno = NativeError.Last;
            if (errno != Libc.EINTR)
            {
                throw NativeError.Exception(what, errno);
            }
        }
    }

    /// <summary>read(2) into <paramref name="buffer"/>, retried on EINTR: the bytes read, 0 at end of file.</summary>
    public int Read(Span<byte> buffer, string what)
    {
        fixed (byte* p = buffer)
        {
            return Retried(&Libc.read, Fd, p, (nuint)buffer.Length, what);
        }
    }

    /// <summary>write(2) of <paramref name="data"/>, retried on EINTR: the bytes written (possibly fewer).</summary>
    public int Write(ReadOnlySpan<byte> data, string what)
    {
        fixed (byte* p = data)
        {
            return Retried(&Libc.write, Fd, p, (nuint)data.Length, what);
        }
    }

    /// <summary>fsync(2); a directory descriptor opened O_RDONLY may be synced too.</summary>
    public void Sync(string what)
    {
        if (Libc.fsync(Fd) != 0)
        {
            throw NativeError.Exception(what);
        }
    }

    /// <summary>Closes now and reports a failed close (EIO from deferred write-back) as an exception.</summary>
    public void CloseChecked(string what)
    {
        var fd = (int)handle;
        SetHandleAsInvalid();
        if (Libc.close(fd) != 0)
        {
            throw NativeError.Exception(what);
        }
    }

    /// <summary>The one EINTR loop: a signal before any byte moved is tried again; any other failure is an IOException.</summary>
    private static int Retried(delegate*<int, byte*, nuint, nint> call, int fd, byte* buffer, nuint count, string what)
    {
        while (true)
        {
            var n = call(fd, buffer, count);
            if (n >= 0)
            {
                return (int)n;
            }

            var errno = NativeError.Last;
            if (errno != Libc.EINTR)
            {
                throw NativeError.Exception(what, errno);
            }
        }
    }

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
}
