using System.Runtime.InteropServices;

namespace PrivSepSigner.Keys.Native;

/// <summary>An owned file descriptor, closed exactly once.</summary>
internal sealed class SafeFd : SafeHandle
{
    public SafeFd()
        : base(-1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == -1;

    public int Fd => (int)handle;

    /// <summary>openat(2) retried on EINTR; throws an IOException naming <paramref name="what"/>.</summary>
    public static SafeFd OpenAt(int dirfd, string name, int flags, uint mode, string what)
    {
        var path = Libc.Path(name);
        while (true)
        {
            var fd = Libc.openat(dirfd, path, flags | Libc.O_CLOEXEC, mode);
            if (fd >= 0)
            {
                var safe = new SafeFd();
                safe.SetHandle(fd);
                return safe;
            }

            var errno = NativeError.Last;
            if (errno != Libc.EINTR)
            {
                throw NativeError.Exception(what, errno);
            }
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

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
}
