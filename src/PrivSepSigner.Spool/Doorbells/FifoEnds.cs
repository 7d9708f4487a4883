using Mono.Unix.Native;
using PrivSepSigner.Posix;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool.Doorbells;

/// <summary>
/// Both ends of one FIFO held by the listener. Holding a write end means the read end never
/// sees end-of-file (which would make poll report readable forever) when a ringer closes.
/// </summary>
internal sealed class FifoEnds : IDisposable
{
    private FifoEnds(SafeFd reader, SafeFd writer, ulong device, ulong inode)
    {
        Reader = reader;
        Writer = writer;
        Device = device;
        Inode = inode;
    }

    public SafeFd Reader { get; }

    public SafeFd Writer { get; }

    public ulong Device { get; }

    public ulong Inode { get; }

    /// <summary>Opens both ends, or returns null if the path is missing or is not a FIFO.</summary>
    public static FifoEnds? TryOpen(string path)
    {
        byte[] encoded;
        try
        {
            encoded = FileNameCodec.EncodePath(path);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var reader = OpenFifo(encoded, Libc.O_RDONLY, out var readStat);
        if (reader is null)
        {
            return null;
        }

        var writer = OpenFifo(encoded, Libc.O_WRONLY, out var writeStat);
        if (writer is null || writeStat.st_dev != readStat.st_dev || writeStat.st_ino != readStat.st_ino)
        {
            // Replaced between the two opens: try again on the next wait.
            writer?.Dispose();
            reader.Dispose();
            return null;
        }

        return new FifoEnds(reader, writer, readStat.st_dev, readStat.st_ino);
    }

    /// <summary>True while <paramref name="path"/> still names this FIFO (not deleted, not replaced).</summary>
    public bool StillAt(string path) =>
        Syscall.lstat(path, out var st) == 0
        && FileTypes.IsFifo(st)
        && st.st_dev == Device
        && st.st_ino == Inode;

    public void Dispose()
    {
        Reader.Dispose();
        Writer.Dispose();
    }

    private static SafeFd? OpenFifo(byte[] path, int access, out Stat st)
    {
        // O_NONBLOCK: opening the read end does not wait for a writer, and reads never block.
        var fd = Libc.openat(Libc.AT_FDCWD, path, access | Libc.O_NONBLOCK | Libc.O_CLOEXEC | Libc.O_NOFOLLOW | Libc.O_NOCTTY, 0);
        if (fd < 0)
        {
            st = default;
            return null;
        }

        var handle = new SafeFd(fd);
        if (Syscall.fstat(fd, out st) != 0 || !FileTypes.IsFifo(st))
        {
            handle.Dispose();
            return null;
        }

        return handle;
    }
}
