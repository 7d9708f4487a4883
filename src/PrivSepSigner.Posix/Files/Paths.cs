using Mono.Unix.Native;

namespace PrivSepSigner.Posix.Files;

/// <summary>
/// The few calls that act on a whole path rather than a descriptor: making a FIFO and renaming.
/// Both act on the last component itself and never follow a symlink there.
/// </summary>
public static class Paths
{
    /// <summary>
    /// mkfifo(3) with <paramref name="mode"/> (the umask applies): true when made, false when
    /// something (of any type: the caller checks) already has the name; any other failure
    /// throws an IOException whose HResult is the errno.
    /// </summary>
    public static bool CreateFifo(string path, uint mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Syscall.mkfifo(path, (FilePermissions)mode) == 0)
        {
            return true;
        }

        var errno = NativeError.Last;
        if (errno != Libc.EEXIST)
        {
            throw NativeError.Exception($"mkfifo {path}", errno);
        }

        return false;
    }

    /// <summary>rename(2): atomic, replacing whatever <paramref name="to"/> named; throws an IOException naming <paramref name="what"/>.</summary>
    public static void Rename(string from, string to, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentException.ThrowIfNullOrEmpty(to);
        if (Syscall.rename(from, to) != 0)
        {
            throw NativeError.Exception(what);
        }
    }
}
