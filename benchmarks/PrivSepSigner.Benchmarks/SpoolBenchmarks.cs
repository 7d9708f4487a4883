using BenchmarkDotNet.Attributes;
using PrivSepSigner.Posix.Accounts;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Reading;
using PrivSepSigner.Spool.Writing;

namespace PrivSepSigner.Benchmarks;

/// <summary>Durable spool publish (write, fsync, rename, directory fsync) and hostile-entry read.</summary>
[MemoryDiagnoser]
public class SpoolBenchmarks
{
    private string root = "";
    private SpoolLayout layout = null!;
    private SpoolWriter writer = null!;
    private SpoolReader reader = null!;
    private SpoolEntry entry = null!;
    private string readable = "";

    [Params(1, 64)]
    public int ItemsPerEntry { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        root = Directory.CreateTempSubdirectory("pss-bench-").FullName;
        layout = new SpoolLayout(root);
        layout.CreateForDevelopment();
        writer = new SpoolWriter(layout.IncomingTmp, layout.Incoming, SpoolModes.EntryFile);
        reader = new SpoolReader(layout.Incoming, layout.Quarantine, new SpoolReaderOptions { ExpectedOwnerUid = UnixAccount.EffectiveUid, ExpectedMode = SpoolModes.EntryFile });
        entry = new SpoolEntry("x", DateTimeOffset.UtcNow, Enumerable.Range(0, ItemsPerEntry).Select(_ => new SpoolItem(1, new byte[2048])).ToList());
        readable = SpoolNames.NewId();
        writer.Publish(entry with { Id = readable });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        writer.Dispose();
        reader.Dispose();
        Directory.Delete(root, recursive: true);
    }

    [Benchmark]
    public void PublishDurably()
    {
        var id = SpoolNames.NewId();
        writer.Publish(entry with { Id = id });
        reader.Remove(id);
    }

    [Benchmark]
    public SpoolReadResult ReadHostile() => reader.Read(readable);
}
