using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using PrivSepSigner.Posix;

namespace PrivSepSigner.Link;

/// <summary>
/// A terminal (pty or serial) file descriptor as a stream whose reads can be cancelled.
/// A blocking read(2) on a terminal cannot be interrupted by closing the descriptor, so a
/// reader that was abandoned would keep stealing bytes from the line. Here the descriptor
/// is non-blocking and every wait is a bounded poll(2) that re-checks cancellation and
/// disposal. EIO or hangup (the other end of a pty closed) is reported as end of stream.
/// </summary>
internal sealed unsafe class TerminalStream : Stream
{
    private const int PollSliceMs = 100;

    private readonly SafeFileHandle handle;
    private volatile bool disposed;

    public TerminalStream(SafeFileHandle handle)
    {
        this.handle = handle;
        int fd = Fd;
        int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
        if (flags < 0 || Libc.fcntl(fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK) < 0)
        {
            throw NativeError.Exception("fcntl(O_NONBLOCK)");
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    private int Fd => (int)handle.DangerousGetHandle();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count), CancellationToken.None);

    public override int Read(Span<byte> buffer) => Read(buffer, CancellationToken.None);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Task.Run(() => Read(buffer.Span, cancellationToken), CancellationToken.None));

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            nint n;
            fixed (byte* p = buffer)
            {
                n = Syscall(Libc.POLLOUT, p, buffer.Length);
            }

            if (n >= 0)
            {
                buffer = buffer[(int)n..];
                continue;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno is not (Libc.EAGAIN or Libc.EINTR))
            {
                throw NativeError.Exception("write to terminal", errno);
            }

            WaitFor(Libc.POLLOUT, CancellationToken.None);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            handle.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Read(Span<byte> buffer, CancellationToken ct)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (disposed)
            {
                return 0;
            }

            ct.ThrowIfCancellationRequested();
            nint n;
            fixed (byte* p = buffer)
            {
                n = Syscall(Libc.POLLIN, p, buffer.Length);
            }

            if (n >= 0)
            {
                return (int)n;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EIO)
            {
                return 0; // hangup: the other side of the pty is gone
            }

            if (errno is not (Libc.EAGAIN or Libc.EINTR))
            {
                throw NativeError.Exception("read from terminal", errno);
            }

            WaitFor(Libc.POLLIN, ct);
        }
    }

    /// <summary>
    /// One read(2) (PollIn), write(2) (PollOut) or bounded poll(2) (null buffer) on the
    /// descriptor with the handle referenced, so a concurrent Dispose defers the close until
    /// the call returns and the descriptor number is never reused under it.
    /// </summary>
    private nint Syscall(short direction, byte* buffer, int length)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = Fd;
            if (buffer is null)
            {
                var pollfd = new PollFd { Fd = fd, Events = direction };
                return Libc.poll(&pollfd, 1, PollSliceMs);
            }

            return direction == Libc.POLLIN ? Libc.read(fd, buffer, (nuint)length) : Libc.write(fd, buffer, (nuint)length);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Waits at most one poll slice for the descriptor to become ready.</summary>
    private void WaitFor(short events, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        _ = Syscall(events, null, 0);
    }
}
