using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;
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
    public static string? OpenChecked(DirectoryHandle dir, string name, uint owner, int mode, long maxBytes, out SafeFd? file, out FileStatus? status)
    {
        file = null;
        if (!dir.TryStatAt(name, out status))
        {
            return "vanished";
        }

        if (status.Kind != FileKind.Regular)
        {
            return $"{status.Describe()}, not a regular file";
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
        if (!FileStatus.TryOf(raw, out status))
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
    public static string? Judge(FileStatus st, uint owner, int mode, long maxBytes)
    {
        if (st.Kind != FileKind.Regular)
        {
            return $"{st.Describe()}, not a regular file";
        }

        // A second link means the file also lives elsewhere: it could be changed behind our back, or be someone else's file.
        if (st.Links != 1)
        {
            return $"{st.Links} hard links, expected 1";
        }

        if (st.Uid != owner)
        {
            return $"owned by uid {st.Uid}, expected {owner}";
        }

        var actual = st.Permissions;
        if (actual != mode)
        {
            return $"mode {Octal(actual)}, expected {Octal(mode)}";
        }

        if (st.Size < 0 || st.Size > maxBytes)
        {
            return $"{st.Size} bytes, at most {maxBytes}";
        }

        // The writer writes every byte, so a hole means the file was not made by our writer.
        if (st.Size - (st.Blocks * 512) >= SparseTolerance)
        {
            return $"sparse file ({st.Size} bytes in {st.Blocks * 512} allocated)";
        }

        return null;
    }

    private static string Octal(int mode) => "0" + Convert.ToString(mode, 8);
}
