using PrivSepSigner.Posix;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool.Reading;

/// <summary>
/// A published file opened by <see cref="PublishedFileReader"/>: its length as fstat gave it, and
/// positioned reads (pread), so that several passes (hash, then send) share one descriptor. The
/// writer never changes a published file, only unlinks it; the open descriptor keeps it readable.
/// </summary>
public sealed class PublishedFile : IDisposable
{
    private readonly SafeFd fd;

    internal PublishedFile(SafeFd fd, long length)
    {
        this.fd = fd;
        Length = length;
    }

    public long Length { get; }

    /// <summary>Reads up to <paramref name="buffer"/>'s length at <paramref name="offset"/>; 0 at the end.</summary>
    /// <exception cref="IOException">The read failed, or the file is shorter than when it was opened.</exception>
    public unsafe int ReadAt(long offset, Span<byte> buffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var want = (int)Math.Min(buffer.Length, Length - offset);
        if (want <= 0)
        {
            return 0;
        }

        using var lease = new FdLease(fd);
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var n = Libc.pread(lease.Fd, start, (nuint)want, offset);
                if (n < 0 && NativeError.Last == Libc.EINTR)
                {
                    continue;
                }

                if (n < 0)
                {
                    throw NativeError.Exception("pread");
                }

                if (n == 0)
                {
                    throw new IOException($"the file shrank below {offset} of {Length} bytes while being read");
                }

                return (int)n;
            }
        }
    }

    public void Dispose() => fd.Dispose();
}
