using System.Globalization;
using PrivSepSigner.Posix;

namespace PrivSepSigner.Link;

/// <summary>
/// One front end on a serial line at a time (docs/protocol.md section 8): a front end takes an
/// exclusive flock(2) on the terminal device for as long as it talks on it, and another waits.
/// A serial line (or the pty that stands in for one) is a single byte stream: two front ends on
/// it read each other's answers and interleave their frames. flock rather than TIOCEXCL (which
/// root ignores and which makes the second open fail instead of wait) or a lock file beside the
/// link (which /dev does not let a front end create): it works on any tty path, is released by the
/// kernel when the holder exits or dies, and /proc/locks names the holder's pid for the message.
/// Unix-socket links need none: each connection is its own stream.
/// </summary>
internal static class LineLock
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Takes the lock on an open terminal, waiting up to <paramref name="wait"/>.</summary>
    /// <exception cref="IOException">Another front end held the line for all that time (the message names its pid).</exception>
    public static void Take(int fd, string path, TimeSpan wait, Action<string>? waiting)
    {
        if (TryLock(fd, path))
        {
            return;
        }

        var deadline = DateTimeOffset.UtcNow + wait;
        var holder = Holder(path);
        waiting?.Invoke($"waiting for the link {path}, held by {Describe(holder)}");
        while (true)
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new IOException($"{path}: the line is still held by {Describe(Holder(path) ?? holder)} after {wait.TotalSeconds:0} s; one front end talks on a serial line at a time: try again when it is done");
            }

            Thread.Sleep(Poll);
            if (TryLock(fd, path))
            {
                return;
            }
        }
    }

    /// <summary>One non-blocking attempt: true when taken, false when another holds it; any other failure throws.</summary>
    private static bool TryLock(int fd, string path)
    {
        if (Libc.flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) == 0)
        {
            return true;
        }

        // Read errno at once: anything else called first (statx, file reads) overwrites it.
        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return errno == Libc.EWOULDBLOCK
            ? false
            : throw new IOException($"{path}: cannot lock the line (errno {errno.ToString(CultureInfo.InvariantCulture)})");
    }

    private static string Describe(int? pid) => pid is { } p ? $"pid {p.ToString(CultureInfo.InvariantCulture)}" : "another process";

    /// <summary>The pid holding a flock on the device, from /proc/locks ("1: FLOCK ADVISORY WRITE pid maj:min:inode ..."), if it can be told.</summary>
    private static unsafe int? Holder(string path)
    {
        byte* buf = stackalloc byte[Libc.StatxSize];
        if (Libc.statx(Libc.AT_FDCWD, path, 0, Libc.STATX_INO, buf) != 0)
        {
            return null;
        }

        var inode = *(ulong*)(buf + Libc.StatxInoOffset);
        var device = string.Create(CultureInfo.InvariantCulture, $"{*(uint*)(buf + Libc.StatxDevMajorOffset):x2}:{*(uint*)(buf + Libc.StatxDevMajorOffset + 4):x2}:{inode}");
        try
        {
            foreach (var line in File.ReadLines("/proc/locks"))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 6 && fields[1] == "FLOCK" && fields[5] == device && int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    return pid;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
