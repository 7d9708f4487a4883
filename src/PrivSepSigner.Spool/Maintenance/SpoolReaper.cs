using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool.Maintenance;

/// <summary>
/// Removes temporary files a crashed writer left behind (qmail and Postfix reap their tmp
/// directories the same way), so nothing in the spool grows without bound.
/// </summary>
public static class SpoolReaper
{
    /// <summary>
    /// Unlinks every non-directory in <paramref name="tmpDir"/> whose mtime is older than
    /// <paramref name="olderThan"/>. Uses lstat: a symlink is removed itself, never followed.
    /// Run it only on the caller's own temporary directory, with a threshold far above the
    /// time one publish takes (an hour or more). Names starting with '.' are left alone.
    /// </summary>
    /// <returns>How many were removed.</returns>
    public static int ReapStale(string tmpDir, TimeSpan olderThan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        var cutoff = DateTimeOffset.UtcNow.Subtract(olderThan).ToUnixTimeSeconds();
        using var handle = DirectoryHandle.Open(tmpDir);
        var names = new List<string>();
        handle.ForEachName(names.Add);
        var reaped = 0;
        foreach (var name in names)
        {
            // A name starting with '.' is never a temporary file (those are "<id>.<random>"): the owner's lock file.
            if (!name.StartsWith('.') && handle.TryStatAt(name, out var st) && st.Kind != FileKind.Directory && st.ModifiedUnixSeconds < cutoff && handle.UnlinkAt(name))
            {
                reaped++;
            }
        }

        return reaped;
    }
}
