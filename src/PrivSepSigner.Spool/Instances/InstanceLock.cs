using System.Globalization;
using System.Text;
using PrivSepSigner.Posix;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool.Instances;

/// <summary>
/// One daemon (or one `up`) per installation: an exclusive flock(2) on a lock file in a directory
/// the holder owns, held for the process's life and released by the kernel when it exits or dies.
/// The file holds the holder's pid, so a second start is refused with a message naming it (two
/// signers on one spool and database answered each other's entries and lost answers).
/// </summary>
public sealed class InstanceLock : IDisposable
{
    private const int Eacces = 13;

    private readonly SafeFd fd;

    private InstanceLock(SafeFd fd) => this.fd = fd;

    /// <summary>Takes the lock or refuses.</summary>
    /// <param name="path">The lock file (created 0600 if missing; never followed if it is a symlink).</param>
    /// <param name="what">What holds it, for the message ("privsep-signerd").</param>
    /// <exception cref="InvalidOperationException">Another process holds it; the message names its pid.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static unsafe InstanceLock Take(string path, string what)
    {
        var raw = Libc.openat(Libc.AT_FDCWD, FileNameCodec.EncodePath(path), Libc.O_RDWR | Libc.O_CREAT | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0x180);
        var writable = raw >= 0;
        if (raw < 0 && NativeError.Last == Eacces)
        {
            // Made by another user of the installation (root, before it dropped to the daemon's user): lock it read-only.
            raw = Libc.openat(Libc.AT_FDCWD, FileNameCodec.EncodePath(path), Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        }

        if (raw < 0)
        {
            throw NativeError.Exception($"open {path}");
        }

        var fd = new SafeFd(raw);
        if (Libc.flock(raw, Libc.LOCK_EX | Libc.LOCK_NB) != 0)
        {
            var holder = ReadPid(raw);
            fd.Dispose();
            throw new InvalidOperationException($"another {what} (pid {holder ?? "unknown"}) holds {path}: one per installation; stop it first");
        }

        // Ours now: record our pid for the next one's message.
        var pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        fixed (byte* p = pid)
        {
            if (writable && (Libc.ftruncate(raw, 0) != 0 || Libc.pwrite(raw, p, (nuint)pid.Length, 0) != pid.Length))
            {
                var e = NativeError.Exception($"write {path}");
                fd.Dispose();
                throw e;
            }
        }

        return new InstanceLock(fd);
    }

    public void Dispose() => fd.Dispose();

    private static unsafe string? ReadPid(int raw)
    {
        var buffer = new byte[32];
        fixed (byte* p = buffer)
        {
            var n = Libc.pread(raw, p, (nuint)buffer.Length, 0);
            var text = n > 0 ? Encoding.ASCII.GetString(buffer, 0, (int)n).Trim() : string.Empty;
            return text.Length > 0 && text.All(char.IsAsciiDigit) ? text : null;
        }
    }
}
