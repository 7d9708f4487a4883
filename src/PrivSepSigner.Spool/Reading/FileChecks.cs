using Mono.Unix.Native;
using PrivSepSigner.Posix;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool.Reading;

/// <summary>
/// How every file a peer wrote is opened and judged before a byte of it is read (REFERENCE 3),
/// for spool entries and published CRL files alike: lstat (O_PATH, never opening a device or
/// FIFO), open O_NOFOLLOW|O_NONBLOCK, then fstat of the open descriptor decides: a regular file
/// with one link, the expected owner and exact mode, within the size limit, not sparse.
/// </summary>
internal static class FileChecks
{
    private const int SparseTolerance = 4096;

    /// <summary>Opens <paramref name="name"/> in <paramref name="dir"/> for reading if it passes every check.</summary>
    /// <returns>Null and the open descriptor and its status, or the reason it was refused (and no descriptor).</returns>
    public static string? OpenChecked(DirectoryHandle dir, string name, uint owner, int mode, long maxBytes, out SafeFd? file, out Stat status)
    {
        file = null;
        if (!dir.TryStatAt(name, out status))
        {
            return "vanished";
        }

        if (!FileTypes.IsRegular(status))
        {
            return $"{FileTypes.Describe(status)}, not a regular file";
        }

        int raw;
        using (var lease = new FdLease(dir.Fd))
        {
            raw = Libc.openat(lease.Fd, FileNameCodec.EncodeComponent(name), Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_CLOEXEC | Libc.O_NOCTTY, 0);
        }

        if (raw < 0)
        {
            var errno = NativeError.Last;
            return errno switch
            {
                Libc.ENOENT => "vanished",
                Libc.ELOOP => "symbolic link",
                _ => NativeError.Exception("open", errno).Message,
            };
        }

        var opened = new SafeFd(raw);
        if (Syscall.fstat(raw, out status) != 0)
        {
            var e = NativeError.Exception("fstat");
            opened.Dispose();
            throw e;
        }

        var problem = Judge(status, owner, mode, maxBytes);
        if (problem is not null)
        {
            opened.Dispose();
            return problem;
        }

        file = opened;
        return null;
    }

    /// <summary>The checks on the open descriptor: type, links, owner, mode, size, holes.</summary>
    public static string? Judge(in Stat st, uint owner, int mode, long maxBytes)
    {
        if (!FileTypes.IsRegular(st))
        {
            return $"{FileTypes.Describe(st)}, not a regular file";
        }

        // A second link means the file also lives elsewhere: it could be changed behind our back, or be someone else's file.
        if (st.st_nlink != 1)
        {
            return $"{st.st_nlink} hard links, expected 1";
        }

        if (st.st_uid != owner)
        {
            return $"owned by uid {st.st_uid}, expected {owner}";
        }

        var actual = FileTypes.PermissionsOf(st);
        if (actual != mode)
        {
            return $"mode {Octal(actual)}, expected {Octal(mode)}";
        }

        if (st.st_size < 0 || st.st_size > maxBytes)
        {
            return $"{st.st_size} bytes, at most {maxBytes}";
        }

        // The writer writes every byte, so a hole means the file was not made by our writer.
        if (st.st_size - (st.st_blocks * 512) >= SparseTolerance)
        {
            return $"sparse file ({st.st_size} bytes in {st.st_blocks * 512} allocated)";
        }

        return null;
    }

    private static string Octal(int mode) => "0" + Convert.ToString(mode, 8);
}
