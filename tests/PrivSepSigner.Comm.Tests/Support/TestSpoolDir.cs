using PrivSepSigner.Posix.Accounts;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Reading;

namespace PrivSepSigner.Comm.Tests.Support;

/// <summary>A real development spool (directories 0700, both doorbell FIFOs) in a temporary directory.</summary>
internal sealed class TestSpoolDir : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("pss-comm-");

    public TestSpoolDir()
    {
        Layout = new SpoolLayout(Path.Combine(root.FullName, "spool"));
        Layout.CreateForDevelopment();
    }

    public SpoolLayout Layout { get; }

    /// <summary>Reads a spool directory as the peer daemon would: hostile-entry rules, owned by this test's user.</summary>
    public SpoolReader Reader(string dir) =>
        new(dir, null, new SpoolReaderOptions { ExpectedOwnerUid = UnixAccount.EffectiveUid, ExpectedMode = SpoolModes.EntryFile, MaxItemBody = SpoolLimits.MaxAnswerItemBody });

    public void Dispose() => root.Delete(recursive: true);
}
