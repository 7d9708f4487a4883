using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;

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
        if (writer is null || writeStat!.Device != readStat!.Device || writeStat.Inode != readStat.Inode)
        {
            // Replaced between the two opens: try again on the next wait.
            writer?.Dispose();
            reader.Dispose();
            return null;
        }

        return new FifoEnds(reader, writer, readStat.Device, readStat.Inode);
    }

    /// <summary>True while <paramref name="path"/> still names this FIFO (not deleted, not replaced).</summary>
    public bool StillAt(string path) =>
        FileStatus.TryOfPath(path, out var st)
        && st.Kind == FileKind.Fifo
        && st.Device == Device
        && st.Inode == Inode;

    public void Dispose()
    {
        Reader.Dispose();
        Writer.Dispose();
    }

    /// <summary>One end and its fstat (set whenever the end is), or null if it cannot be opened or is not a FIFO.</summary>
    private static SafeFd? OpenFifo(byte[] path, int access, out FileStatus? st)
    {
        // O_NONBLOCK: opening the read end does not wait for a writer, and reads never block.
        var fd = Libc.openat(Libc.AT_FDCWD, path, access | Libc.O_NONBLOCK | Libc.O_CLOEXEC | Libc.O_NOFOLLOW | Libc.O_NOCTTY, 0);
        if (fd < 0)
        {
            st = null;
            return null;
        }

        var handle = new SafeFd(fd);
        if (!FileStatus.TryOf(fd, out st) || st.Kind != FileKind.Fifo)
        {
            handle.Dispose();
            return null;
        }

        return handle;
    }
}
