namespace PrivSepSigner.Posix.Files;

/// <summary>
/// The one durable-file writer (STYLE habit 5): a new file is created exclusively beside its
/// final name, given its exact mode, written completely, fsynced and closed with the close
/// checked, so that the caller's rename publishes only a complete file. The spool's entries
/// and answers and the key versions are all written through here.
/// </summary>
public static unsafe class DurableFile
{
    /// <summary>
    /// Creates <paramref name="name"/> in the directory <paramref name="dirFd"/> (O_CREAT|O_EXCL|
    /// O_NOFOLLOW: never an existing file or a symlink's target) holding <paramref name="content"/>
    /// with permission bits <paramref name="mode"/> exactly (fchmod, so the umask does not apply),
    /// durable before this returns. On any failure the file is removed and an IOException naming
    /// <paramref name="what"/> is thrown (HResult is the errno).
    /// </summary>
    public static void Create(int dirFd, string name, ReadOnlySpan<byte> content, uint mode, string what)
    {
        // One component only: the file is created in this directory, never below or above it.
        var encoded = FileNameCodec.EncodeComponent(name);
        using var file = SafeFd.OpenAt(dirFd, encoded, Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_WRONLY, mode, $"create {what}");
        try
        {
            if (Libc.fchmod(file.Fd, mode) != 0)
            {
                throw NativeError.Exception($"fchmod {what}");
            }

            WriteAll(file, content, $"write {what}");
            file.Sync($"fsync {what}");

            // close(2) can report a write-back error; a silent close would publish a damaged file.
            file.CloseChecked($"close {what}");
        }
        catch
        {
            // The original failure matters more than a failed unlink; what is left is never a
            // published name (callers stage under a name readers skip) and is reaped.
            _ = Libc.unlinkat(dirFd, encoded, 0);
            throw;
        }
    }

    /// <summary>write(2) until all of <paramref name="data"/> is written, retried on EINTR; no progress is an error.</summary>
    public static void WriteAll(SafeFd fd, ReadOnlySpan<byte> data, string what)
    {
        ArgumentNullException.ThrowIfNull(fd);
        fixed (byte* start = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = Libc.write(fd.Fd, start + done, (nuint)(data.Length - done));
                if (n < 0)
                {
                    var errno = NativeError.Last;
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }

                    throw NativeError.Exception(what, errno);
                }

                if (n == 0)
                {
                    throw new IOException($"{what}: no progress");
                }

                done += (int)n;
            }
        }
    }
}
