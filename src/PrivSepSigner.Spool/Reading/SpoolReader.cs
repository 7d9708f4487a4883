using System.Globalization;
using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool.Reading;

/// <summary>
/// Reads entries a less trusted peer published (Postfix pickup(8) style).
/// </summary>
/// <remarks>
/// SECURITY: everything in the directory is hostile: names, file types, links, owners, modes,
/// sizes and contents. The directory is opened once and used only through its descriptor, so
/// replacing it by a symlink later changes nothing. A name is checked before any system call; a
/// file is opened O_NOFOLLOW|O_NONBLOCK (a symlink fails, a FIFO cannot block) only after an
/// O_PATH lstat shows a regular file (a device is never opened), and then judged by fstat of the
/// open descriptor, which is the file actually read. Bad entries yield
/// <see cref="SpoolReadResult.Rejected"/>, never an exception or a hang.
/// </remarks>
public sealed class SpoolReader : IDisposable
{
    private const int WorldWritable = 0x2;

    private readonly DirectoryHandle dir;
    private readonly DirectoryHandle? quarantine;
    private readonly SpoolReaderOptions options;

    /// <param name="dir">The directory to read.</param>
    /// <param name="quarantineDir">Where rejected entries go (same filesystem), or null for a reader that never quarantines.</param>
    /// <param name="options">What every entry file must satisfy.</param>
    public SpoolReader(string dir, string? quarantineDir, SpoolReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxBytes <= 0 || options.MaxBytes > SpoolLimits.MaxEntryBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxBytes must be 1..{SpoolLimits.MaxEntryBytes}");
        }

        if ((options.ExpectedMode & ~0xFFF) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ExpectedMode holds more than permission bits");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxQuarantined, nameof(options));
        if (options.MaxItemBody is < 0 or > SpoolLimits.MaxAnswerItemBody)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxItemBody must be 0..{SpoolLimits.MaxAnswerItemBody}");
        }

        this.options = options;
        this.dir = OpenChecked(dir);
        try
        {
            if (quarantineDir is not null)
            {
                quarantine = OpenChecked(quarantineDir);
                if (quarantine.Status().Device != this.dir.Status().Device)
                {
                    quarantine.Dispose();
                    throw new IOException($"{quarantineDir} is not on the filesystem of {dir}; entries could not be moved there");
                }
            }
        }
        catch
        {
            this.dir.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> names in the held directory, smallest first (ordinal; for
    /// <see cref="SpoolNames.NewId"/> names that is oldest first). Invalid names are included so
    /// they can be quarantined.
    /// </summary>
    public IReadOnlyList<string> List(int max = SpoolLimits.MaxListed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);

        var kept = new SmallestNames(max);
        dir.ForEachName(kept.Offer);
        return kept.Sorted();
    }

    /// <summary>
    /// One pass over the directory for a reader that must not be starved: up to
    /// <paramref name="maxCandidates"/> names that can be entries (valid names the directory
    /// reports as regular files, or whose type it does not report), smallest first, and
    /// separately up to <paramref name="maxSuspects"/> names that cannot be (invalid names,
    /// directories, FIFOs, symlinks, devices), also smallest first, for quarantine. Names in
    /// <paramref name="skip"/> (the caller's own: names in progress, names that cannot be moved) are left out of both. However many suspects a peer creates, they
    /// never take a candidate's place, and memory stays bounded by the two maxima.
    /// </summary>
    /// <remarks>The type readdir reports only orders the work; every candidate is still judged by fstat when read.</remarks>
    public SpoolScan Scan(int maxCandidates, int maxSuspects, Predicate<string> skip)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCandidates);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSuspects);
        ArgumentNullException.ThrowIfNull(skip);
        var candidates = new SmallestNames(maxCandidates);
        var suspects = new SmallestNames(maxSuspects);
        var total = 0;
        dir.ForEachEntry((name, type) =>
        {
            total++;
            if (skip(name))
            {
                return;
            }

            var plausible = SpoolNames.IsValid(name) && type is DirentType.Regular or DirentType.Unknown;
            (plausible ? candidates : suspects).Offer(name);
        });

        return new SpoolScan(candidates.Sorted(), suspects.Sorted(), total);
    }

    /// <summary>Reads and decodes one entry; every problem is a <see cref="SpoolReadResult.Rejected"/>.</summary>
    public SpoolReadResult Read(string name)
    {
        if (!SpoolNames.IsValid(name))
        {
            return new SpoolReadResult.Rejected("invalid entry name");
        }

        try
        {
            return ReadCore(name);
        }
        catch (SpoolFormatException e)
        {
            return new SpoolReadResult.Rejected($"malformed: {e.Message}");
        }
        catch (IOException e)
        {
            return new SpoolReadResult.Rejected(e.Message);
        }
    }

    /// <summary>
    /// Moves an entry (of any name or type) into the quarantine directory as
    /// "&lt;name or 'bad'&gt;.&lt;13 hex ms&gt;.&lt;16 hex random&gt;" and trims the quarantine to its cap.
    /// A rename moves a symlink, FIFO or device itself; it never follows or opens it.
    /// </summary>
    /// <returns>The name in the quarantine directory (for the caller's log line with <paramref name="reason"/>), or null if the entry had vanished.</returns>
    /// <exception cref="InvalidOperationException">The reader was created without a quarantine directory.</exception>
    /// <exception cref="IOException">The entry exists but could not be moved.</exception>
    public string? Quarantine(string name, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (quarantine is null)
        {
            throw new InvalidOperationException("this reader has no quarantine directory");
        }

        var from = FileNameCodec.EncodeComponent(name);
        var label = SpoolNames.IsValid(name) ? name : "bad";
        var target = string.Create(CultureInfo.InvariantCulture, $"{label}.{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds():x13}.{SpoolNames.RandomHex64()}");
        int result;
        using (var source = new FdLease(dir.Fd))
        using (var sink = new FdLease(quarantine.Fd))
        {
            result = Libc.renameat2(source.Fd, from, sink.Fd, FileNameCodec.EncodeComponent(target), Libc.RENAME_NOREPLACE);
        }

        if (result != 0)
        {
            var errno = NativeError.Last;
            if (errno == Libc.ENOENT)
            {
                return null;
            }

            throw NativeError.Exception($"quarantine {label} ({reason})", errno);
        }

        Trim(quarantine);
        return target;
    }

    /// <summary>
    /// Removes a name that is an empty directory (rmdir relative to the held descriptor). For a
    /// directory the peer made that cannot be quarantined: moving a directory needs write access
    /// to the directory itself, removing an empty one only to its parent.
    /// </summary>
    /// <returns>True if it was removed; false if it is not an empty directory or is gone.</returns>
    public bool TryRemoveEmptyDirectory(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            return dir.UnlinkAt(name, directory: true);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Deletes a processed entry; false if it was already gone. Call <see cref="SyncDirectory"/> after a batch.</summary>
    public bool Remove(string name)
    {
        if (!SpoolNames.IsValid(name))
        {
            throw new ArgumentException("not a valid entry name; quarantine it instead", nameof(name));
        }

        return dir.UnlinkAt(name);
    }

    /// <summary>fsync of the directory, making removals durable.</summary>
    public void SyncDirectory() => dir.Sync();

    /// <summary>Number of names in the directory, valid or not.</summary>
    public int Count()
    {
        var count = 0;
        dir.ForEachName(_ => count++);
        return count;
    }

    public void Dispose()
    {
        quarantine?.Dispose();
        dir.Dispose();
    }

    private static DirectoryHandle OpenChecked(string path)
    {
        var handle = DirectoryHandle.Open(path);
        var st = handle.Status();
        if (st.Kind != FileKind.Directory || (st.Permissions & WorldWritable) != 0)
        {
            handle.Dispose();
            throw new IOException($"{path} must be a directory that is not world-writable");
        }

        return handle;
    }

    private SpoolReadResult ReadCore(string name)
    {
        var problem = FileChecks.OpenChecked(dir, name, options.ExpectedOwnerUid, options.ExpectedMode, options.MaxBytes, out var file, out var st);
        if (problem is not null)
        {
            return new SpoolReadResult.Rejected(problem);
        }

        using (file)
        {
            var data = ReadExactly((int)file!.DangerousGetHandle(), (int)st!.Size);
            return new SpoolReadResult.Ok(SpoolEntryCodec.Decode(data, name, options.MaxItemBody));
        }
    }

    /// <summary>Reads exactly <paramref name="size"/> bytes (already bounded by Judge), and checks the file did not grow meanwhile.</summary>
    private static unsafe byte[] ReadExactly(int fd, int size)
    {
        var data = new byte[size];
        var done = 0;
        fixed (byte* start = data)
        {
            while (done < size)
            {
                var n = Libc.read(fd, start + done, (nuint)(size - done));
                if (n < 0)
                {
                    if (NativeError.Last == Libc.EINTR)
                    {
                        continue;
                    }

                    throw NativeError.Exception("read");
                }

                if (n == 0)
                {
                    throw new SpoolFormatException($"file shrank to {done} of {size} bytes while being read");
                }

                done += (int)n;
            }
        }

        byte extra;
        if (Libc.read(fd, &extra, 1) > 0)
        {
            throw new SpoolFormatException("file grew while being read");
        }

        return data;
    }

    private static void Trim(DirectoryHandle quarantineDir, int max)
    {
        var names = new List<string>();
        quarantineDir.ForEachName(names.Add);
        if (names.Count <= max)
        {
            return;
        }

        // Oldest by the time this reader wrote into the name, not by mtime (which the peer could set).
        var oldestFirst = names
            .OrderBy(QuarantineTime)
            .ThenBy(static n => n, StringComparer.Ordinal)
            .Take(names.Count - max);
        foreach (var name in oldestFirst)
        {
            try
            {
                quarantineDir.UnlinkAt(name);
            }
            catch (IOException e) when (e.HResult == Libc.EISDIR)
            {
                TryRemoveDirectory(quarantineDir, name);
            }
        }
    }

    private void Trim(DirectoryHandle quarantineDir) => Trim(quarantineDir, options.MaxQuarantined);

    private static void TryRemoveDirectory(DirectoryHandle parent, string name)
    {
        try
        {
            parent.UnlinkAt(name, directory: true);
        }
        catch (IOException)
        {
            // A quarantined non-empty directory stays for the operator; removing a hostile tree is not worth the risk.
        }
    }

    /// <summary>The 13-hex-digit time field of a quarantine name; -1 (oldest) for anything else.</summary>
    private static long QuarantineTime(string name)
    {
        var parts = name.Split('.');
        return parts.Length >= 3
            && parts[^2].Length == 13
            && long.TryParse(parts[^2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var ms)
            ? ms
            : -1;
    }

}
