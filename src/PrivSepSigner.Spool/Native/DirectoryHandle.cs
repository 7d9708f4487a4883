using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;

namespace PrivSepSigner.Spool.Native;

/// <summary>
/// A directory opened once (O_DIRECTORY|O_NOFOLLOW) and used only through its descriptor, so a
/// directory later replaced by a symlink or renamed away is never re-resolved by path.
/// </summary>
internal sealed class DirectoryHandle : IDisposable
{
    // glibc struct dirent on 64-bit Linux: d_ino(8) d_off(8) d_reclen(2) d_type(1) d_name[256].
    private const int DirentTypeOffset = 18;
    private const int DirentNameOffset = 19;

    private readonly SafeFd fd;

    private DirectoryHandle(string path, SafeFd fd)
    {
        Path = path;
        this.fd = fd;
    }

    /// <summary>The path it was opened by; for messages only, never used to reach the directory again.</summary>
    public string Path { get; }

    public SafeFd Fd => fd;

    public static DirectoryHandle Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var raw = Libc.openat(Libc.AT_FDCWD, FileNameCodec.EncodePath(path), Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (raw < 0)
        {
            throw NativeError.Exception($"open directory {path}");
        }

        return new DirectoryHandle(path, new SafeFd(raw));
    }

    public FileStatus Status()
    {
        using var lease = new FdLease(fd);
        return FileStatus.Of(lease.Fd, $"fstat {Path}");
    }

    /// <summary>
    /// Calls <paramref name="visit"/> for every name except "." and "..". Reads through a fresh
    /// open of "." relative to the held descriptor: same directory, own read offset.
    /// </summary>
    public void ForEachName(Action<string> visit) => ForEachEntry((name, _) => visit(name));

    /// <summary>
    /// As <see cref="ForEachName"/>, with the entry's type as readdir(3) reports it (d_type, a
    /// <see cref="DirentType"/> value; DT_UNKNOWN on filesystems that do not fill it in). The
    /// type is a hint for ordering work, never a security decision: entries are judged by fstat.
    /// </summary>
    public unsafe void ForEachEntry(Action<string, byte> visit)
    {
        int raw;
        using (var lease = new FdLease(fd))
        {
            raw = Libc.openat(lease.Fd, [(byte)'.', 0], Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        }

        if (raw < 0)
        {
            throw NativeError.Exception($"reopen directory {Path}");
        }

        var dir = Libc.fdopendir(raw);
        if (dir == 0)
        {
            var errno = NativeError.Last;
            Libc.close(raw);
            throw NativeError.Exception($"fdopendir {Path}", errno);
        }

        try
        {
            while (true)
            {
                var entry = Libc.readdir(dir);
                if (entry == 0)
                {
                    var errno = NativeError.Last;
                    if (errno != 0)
                    {
                        throw NativeError.Exception($"readdir {Path}", errno);
                    }

                    return;
                }

                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + DirentNameOffset);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                visit(FileNameCodec.Decode(name), *((byte*)entry + DirentTypeOffset));
            }
        }
        finally
        {
            Libc.closedir(dir);
        }
    }

    /// <summary>lstat relative to the directory: never follows a symlink, never opens a FIFO or device.</summary>
    public bool TryStatAt(string name, [NotNullWhen(true)] out FileStatus? status)
    {
        int raw;
        using (var lease = new FdLease(fd))
        {
            raw = Libc.openat(lease.Fd, FileNameCodec.EncodeComponent(name), Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        }

        if (raw < 0)
        {
            if (NativeError.Last == Libc.ENOENT)
            {
                status = null;
                return false;
            }

            throw NativeError.Exception($"open {Path}/{name}");
        }

        using var file = new SafeFd(raw);
        status = FileStatus.Of(file, $"fstat {Path}/{name}");
        return true;
    }

    /// <summary>unlinkat; false when the name was already gone.</summary>
    public bool UnlinkAt(string name, bool directory = false)
    {
        using var lease = new FdLease(fd);
        if (Libc.unlinkat(lease.Fd, FileNameCodec.EncodeComponent(name), directory ? Libc.AT_REMOVEDIR : 0) == 0)
        {
            return true;
        }

        if (NativeError.Last == Libc.ENOENT)
        {
            return false;
        }

        throw NativeError.Exception($"unlink {Path}/{name}");
    }

    public void Sync()
    {
        using var lease = new FdLease(fd);
        if (Libc.fsync(lease.Fd) != 0)
        {
            throw NativeError.Exception($"fsync directory {Path}");
        }
    }

    public void Dispose() => fd.Dispose();
}
