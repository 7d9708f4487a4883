namespace PrivSepSigner.Posix.Files;

/// <summary>
/// The one durable-file writer (STYLE habit 5): a new file is created exclusively beside its
/// final name, given its exact mode, written completely, fsynced and closed with the close
/// checked, so that the caller's rename publishes only a complete file. The spool's entries
/// and answers and the key versions are all written through here, and so are the files the
/// ceremonies, the OpenPGP key file and backup/restore write by path
/// (<see cref="CreateNew"/>, <see cref="Replace"/>). Its reading half, <see cref="ReadAll"/>,
/// reads the small files a key holder loads (key versions, credentials) with a size cap.
/// </summary>
public static class DurableFile
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

    /// <summary>
    /// Creates the new file <paramref name="path"/> (never over an existing file or through a
    /// symlink in its last component) with <paramref name="content"/> and permission bits
    /// <paramref name="mode"/> exactly, then fsyncs its directory: the file and its name are
    /// durable before this returns. EEXIST (HResult) when the name is taken.
    /// </summary>
    public static void CreateNew(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var (directory, name, full) = Split(path);
        using var dir = OpenDirectory(directory);
        Create(dir.Fd, name, content, (uint)mode, full);
        dir.Sync($"fsync {directory}");
    }

    /// <summary>
    /// Replaces <paramref name="path"/> (or creates it) atomically: the new contents go to a
    /// fresh temporary name beside it (<see cref="Create"/>), rename(2) puts them in place and
    /// the directory is fsynced. A reader sees the old file or the new one, never a part of
    /// either; on failure the old file is untouched and the temporary one is gone.
    /// </summary>
    public static void Replace(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var (directory, name, full) = Split(path);
        using var dir = OpenDirectory(directory);

        // ".tmp-" plus 96 random bits: a name nobody else picks, left only by a crash.
        var temporary = $"{name}.tmp-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12))}";
        Create(dir.Fd, temporary, content, (uint)mode, $"{directory}/{temporary}");
        var from = FileNameCodec.EncodeComponent(temporary);
        if (Libc.renameat2(dir.Fd, from, dir.Fd, FileNameCodec.EncodeComponent(name), 0) != 0)
        {
            var errno = NativeError.Last;
            _ = Libc.unlinkat(dir.Fd, from, 0);
            throw NativeError.Exception($"rename {directory}/{temporary} to {full}", errno);
        }

        dir.Sync($"fsync {directory}");
    }

    private static SafeFd OpenDirectory(string directory) =>
        SafeFd.OpenAt(Libc.AT_FDCWD, directory, Libc.O_RDONLY | Libc.O_DIRECTORY, 0, $"open directory {directory}");

    private static (string Directory, string Name, string Full) Split(string path)
    {
        var full = Path.GetFullPath(path);
        var name = Path.GetFileName(full);
        if (name.Length == 0)
        {
            throw new ArgumentException($"{path} names a directory, not a file", nameof(path));
        }

        return (Path.GetDirectoryName(full)!, name, full);
    }

    /// <summary>write(2) until all of <paramref name="data"/> is written (<see cref="SafeFd.Write"/>, retried on EINTR); no progress is an error.</summary>
    public static void WriteAll(SafeFd fd, ReadOnlySpan<byte> data, string what)
    {
        ArgumentNullException.ThrowIfNull(fd);
        var done = 0;
        while (done < data.Length)
        {
            var n = fd.Write(data[done..], what);
            if (n == 0)
            {
                throw new IOException($"{what}: no progress");
            }

            done += n;
        }
    }

    /// <summary>
    /// Reads a regular file to its end. The size is checked against <paramref name="maxBytes"/>
    /// before allocating and again while reading (the file may grow). The caller owns and zeroes
    /// the returned buffer when it holds a secret; the working buffer is zeroed here.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a regular file, larger than the cap, or it changed size while being read.</exception>
    public static byte[] ReadAll(SafeFd fd, int maxBytes, string what)
    {
        var st = FileStatus.Of(fd, what);
        if (st.Kind != FileKind.Regular)
        {
            throw new InvalidDataException($"{what}: not a regular file");
        }

        if (st.Size > maxBytes)
        {
            throw new InvalidDataException($"{what}: larger than {maxBytes} bytes");
        }

        // One spare byte tells a file that grew past the cap from one that fits exactly.
        var buffer = new byte[(int)st.Size + 1];
        var total = 0;
        try
        {
            int n;
            while ((n = fd.Read(buffer.AsSpan(total), what)) > 0)
            {
                total += n;
                if (total == buffer.Length)
                {
                    throw new InvalidDataException($"{what}: file changed size while being read");
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            Array.Clear(buffer);
        }
    }
}
