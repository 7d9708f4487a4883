using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool.Writing;

/// <summary>
/// Publishes entries the Maildir/Postfix way: unique temporary file, write, fsync, checked close,
/// renameat2(RENAME_NOREPLACE) into the target directory, fsync of the target directory.
/// A reader of the target directory never sees a partial entry, and a crash leaves at most a
/// temporary file for <see cref="SpoolReaper"/>.
/// </summary>
/// <remarks>
/// SECURITY: both directories are opened once with O_NOFOLLOW and used only by descriptor. The
/// entry name is the entry id, which the caller must have generated (<see cref="SpoolNames.NewId"/>)
/// or copied from a validated entry; it is checked again here.
/// </remarks>
public sealed class SpoolWriter : IDisposable
{
    private const int RwxAll = 0x1FF;

    private readonly DirectoryHandle tmp;
    private readonly DirectoryHandle target;
    private readonly uint fileMode;
    private readonly int maxItemBody;

    /// <param name="tmpDir">This writer's own temporary directory, on the same filesystem as <paramref name="targetDir"/>.</param>
    /// <param name="targetDir">The directory readers scan.</param>
    /// <param name="fileMode">Exact permission bits of published files (0640 by default); the umask does not apply.</param>
    /// <param name="maxItemBody">The longest message body this directory's readers accept.</param>
    public SpoolWriter(string tmpDir, string targetDir, int fileMode = 0x1A0, int maxItemBody = SpoolLimits.MaxItemBody)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxItemBody, SpoolLimits.MaxAnswerItemBody);
        this.maxItemBody = maxItemBody;
        if ((fileMode & ~RwxAll) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fileMode), "only rwx bits; no setuid, setgid or sticky");
        }

        this.fileMode = (uint)fileMode;
        tmp = DirectoryHandle.Open(tmpDir);
        try
        {
            target = DirectoryHandle.Open(targetDir);
            if (tmp.Status().Device != target.Status().Device)
            {
                // rename(2) cannot cross filesystems; fail at start-up, not on the first request.
                target.Dispose();
                throw new IOException($"{tmpDir} and {targetDir} are on different filesystems");
            }
        }
        catch
        {
            tmp.Dispose();
            throw;
        }
    }

    /// <summary>Publishes one entry durably. On any failure nothing new is visible in the target directory.</summary>
    /// <exception cref="IOException">Write, sync or rename failed (HResult is the errno; EEXIST when the name is taken).</exception>
    public void Publish(SpoolEntry entry)
    {
        var data = SpoolEntryCodec.Encode(entry, maxItemBody);
        var tmpName = Stage(entry.Id, data);
        Commit(tmpName, entry.Id);
        target.Sync();
    }

    /// <summary>
    /// Publishes several entries with one directory fsync (group commit). All are staged and
    /// synced first; if staging fails none is published. If a rename fails, the entries before it
    /// are published (each complete), the rest are removed, and the exception says how many.
    /// </summary>
    public void PublishBatch(IReadOnlyList<SpoolEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var encoded = entries.Select(e => (e.Id, Data: SpoolEntryCodec.Encode(e, maxItemBody))).ToList();
        var staged = new List<(string TmpName, string Id)>(encoded.Count);
        try
        {
            foreach (var (id, data) in encoded)
            {
                staged.Add((Stage(id, data), id));
            }
        }
        catch
        {
            foreach (var (tmpName, _) in staged)
            {
                TryUnlinkTemp(tmpName);
            }

            throw;
        }

        for (var i = 0; i < staged.Count; i++)
        {
            try
            {
                Commit(staged[i].TmpName, staged[i].Id);
            }
            catch (IOException e)
            {
                for (var j = i + 1; j < staged.Count; j++)
                {
                    TryUnlinkTemp(staged[j].TmpName);
                }

                SyncPublished(i);
                throw new IOException($"batch stopped after {i} of {staged.Count} entries: {e.Message}", e.HResult);
            }
        }

        if (staged.Count > 0)
        {
            target.Sync();
        }
    }

    /// <summary>
    /// Publishes raw bytes (not an entry: a CRL for the comm handler to send) under a valid spool
    /// name, with the same stages and durability as an entry. A name already taken is EEXIST.
    /// </summary>
    public void PublishFile(string name, ReadOnlySpan<byte> data)
    {
        if (!SpoolNames.IsValid(name))
        {
            throw new ArgumentException("not a valid spool name", nameof(name));
        }

        var tmpName = Stage(name, data);
        Commit(tmpName, name);
        target.Sync();
    }

    /// <summary>Removes a published file the writer owns; false if it was gone.</summary>
    public bool Unpublish(string name)
    {
        if (!SpoolNames.IsValid(name))
        {
            throw new ArgumentException("not a valid spool name", nameof(name));
        }

        return target.UnlinkAt(name);
    }

    public void Dispose()
    {
        tmp.Dispose();
        target.Dispose();
    }

    /// <summary>Writes the temporary file completely and durably (<see cref="DurableFile"/>); returns its name. Removes it on failure.</summary>
    private string Stage(string id, ReadOnlySpan<byte> data)
    {
        // The id is valid (Encode checked it) and has no dot, so "<id>.<random>" can never be an entry name.
        var tmpName = $"{id}.{SpoolNames.RandomHex64()}";
        using var lease = new FdLease(tmp.Fd);
        DurableFile.Create(lease.Fd, tmpName, data, fileMode, $"{tmp.Path}/{tmpName}");
        return tmpName;
    }

    private void Commit(string tmpName, string id)
    {
        int result;
        using (var from = new FdLease(tmp.Fd))
        using (var to = new FdLease(target.Fd))
        {
            result = Libc.renameat2(from.Fd, FileNameCodec.EncodeComponent(tmpName), to.Fd, FileNameCodec.EncodeComponent(id), Libc.RENAME_NOREPLACE);
        }

        if (result != 0)
        {
            var errno = NativeError.Last;
            TryUnlinkTemp(tmpName);
            throw NativeError.Exception($"publish {target.Path}/{id}", errno);
        }
    }

    private void SyncPublished(int published)
    {
        if (published == 0)
        {
            return;
        }

        try
        {
            target.Sync();
        }
        catch (IOException)
        {
            // Already reporting the rename failure, which the caller must handle; this sync is best effort.
        }
    }

    private void TryUnlinkTemp(string tmpName)
    {
        try
        {
            tmp.UnlinkAt(tmpName);
        }
        catch (IOException)
        {
            // The original failure matters more; the reaper removes what is left.
        }
    }
}
