using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool.Maintenance;

/// <summary>Measures a spool directory so a writer can answer "retry later" before it fills the disk.</summary>
public static class SpoolQuota
{
    /// <summary>Names in <paramref name="dir"/> and the total size of the regular files among them (lstat, never followed).</summary>
    public static (int Entries, long Bytes) Measure(string dir)
    {
        using var handle = DirectoryHandle.Open(dir);
        var entries = 0;
        var bytes = 0L;
        handle.ForEachName(name =>
        {
            entries++;
            try
            {
                if (handle.TryStatAt(name, out var st) && st.Kind == FileKind.Regular)
                {
                    bytes += st.Size;
                }
            }
            catch (IOException)
            {
                // Counted as an entry; an unreadable one has no size to add.
            }
        });
        return (entries, bytes);
    }

    /// <summary>True while <paramref name="dir"/> holds fewer than <paramref name="maxEntries"/> entries and at most <paramref name="maxBytes"/> bytes.</summary>
    public static bool HasRoom(string dir, int maxEntries, long maxBytes)
    {
        var (entries, bytes) = Measure(dir);
        return entries < maxEntries && bytes <= maxBytes;
    }
}
