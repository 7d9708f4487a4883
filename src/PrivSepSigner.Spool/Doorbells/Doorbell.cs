using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;

namespace PrivSepSigner.Spool.Doorbells;

/// <summary>
/// Rings a FIFO doorbell: one byte meaning "look now". It carries no data and no promise; the
/// listener rescans on a timer anyway (Postfix's pickup(8) trigger FIFO works the same way).
/// </summary>
public static class Doorbell
{
    /// <summary>
    /// Never blocks and never throws: no listener (ENXIO), full pipe (EAGAIN), missing path
    /// (ENOENT) and anything else only cost the peer some latency.
    /// </summary>
    /// <remarks>
    /// SECURITY: the path may have been replaced by the peer. O_NOFOLLOW refuses a symlink, and
    /// the byte is written only if fstat says the open file is a FIFO, so a planted regular file
    /// is never modified.
    /// </remarks>
    public static unsafe void Ring(string fifoPath)
    {
        int fd;
        try
        {
            fd = Libc.openat(Libc.AT_FDCWD, FileNameCodec.EncodePath(fifoPath), Libc.O_WRONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC | Libc.O_NOFOLLOW | Libc.O_NOCTTY, 0);
        }
        catch (ArgumentException)
        {
            return;
        }

        if (fd < 0)
        {
            return;
        }

        using var file = new SafeFd(fd);
        if (!FileStatus.TryOf(fd, out var st) || st.Kind != FileKind.Fifo)
        {
            return;
        }

        byte ring = (byte)'!';
        _ = Libc.write(fd, &ring, 1);
    }
}
