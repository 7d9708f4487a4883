using System.Runtime.InteropServices;

namespace PrivSepSigner.Spool.Native;

/// <summary>
/// An owned file descriptor. A SafeHandle so that a Dispose racing a poll on another thread
/// defers the close instead of letting the number be reused under the poll.
/// </summary>
internal sealed class SafeFd : SafeHandle
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

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
}
