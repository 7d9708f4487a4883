using Mono.Unix.Native;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Reading;
using PrivSepSigner.Spool.Writing;

namespace PrivSepSigner.Spool.Tests.TestSupport;

/// <summary>A development spool in a temp directory, with a writer and reader for the incoming side.</summary>
internal sealed class TestSpool : IDisposable
{
    public const int EntryMode = 0x1A0; // 0640

    private readonly TempDir temp = new();

    public TestSpool()
    {
        Layout = new SpoolLayout(temp.Combine("spool"));
        Layout.CreateForDevelopment();
    }

    public SpoolLayout Layout { get; }

    /// <summary>A scratch directory beside the spool (for "outside" files).</summary>
    public string Outside
    {
        get
        {
            var path = temp.Combine("outside");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public static uint MyUid => Syscall.geteuid();

    public static SpoolReaderOptions Options(long maxBytes = SpoolLimits.MaxEntryBytes, int maxQuarantined = SpoolLimits.MaxQuarantined) =>
        new() { ExpectedOwnerUid = MyUid, ExpectedMode = EntryMode, MaxBytes = maxBytes, MaxQuarantined = maxQuarantined };

    public SpoolWriter Writer() => new(Layout.IncomingTmp, Layout.Incoming, EntryMode);

    public SpoolReader Reader(SpoolReaderOptions? options = null) =>
        new(Layout.Incoming, Layout.Quarantine, options ?? Options());

    public string InIncoming(string name) => Path.Combine(Layout.Incoming, name);

    /// <summary>Writes a file straight into incoming, as a hostile peer could.</summary>
    public string Plant(string name, byte[] content, int mode = EntryMode)
    {
        var path = InIncoming(name);
        File.WriteAllBytes(path, content);
        Chmod(path, mode);
        return path;
    }

    public static void Chmod(string path, int mode) =>
        Assert.Equal(0, Syscall.chmod(path, (FilePermissions)mode));

    public static int ModeOf(string path)
    {
        Assert.Equal(0, Syscall.lstat(path, out var st));
        return (int)st.st_mode & 0xFFF;
    }

    public static string[] Names(string dir) =>
        [.. Directory.EnumerateFileSystemEntries(dir).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    public void Dispose() => temp.Dispose();
}
