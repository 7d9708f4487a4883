using BenchmarkDotNet.Attributes;
using PrivSepSigner.Stages;

namespace PrivSepSigner.Benchmarks;

/// <summary>
/// Issue 20 item 3: each stage of issuing one certificate, calling the signer's own code through
/// <see cref="PipelineStages"/> (the same stages `bench` times in its stages_us_per_cert). The
/// per-batch stages (spool_read_decode, sqlite_commit, outbox_write) time one batch of
/// <see cref="PipelineStages.BatchSize"/>: divide their Mean by it for a certificate's share.
/// Each iteration's inputs are made in IterationSetup, outside the measurement.
/// </summary>
[InvocationCount(Invocations, 1)]
public class PipelineStageBenchmarks
{
    private const int Invocations = 128;
    private PipelineStages stages = null!;
    private Action<int> run = null!;
    private int i;

    [Params("ec", "rsa")]
    public string CaKey { get; set; } = "";

    [ParamsSource(nameof(Stages))]
    public string Stage { get; set; } = "";

    public static IEnumerable<string> Stages()
    {
        using var probe = new PipelineStages("ec", "ec", distinctCsrs: 1);
        return probe.All.Select(s => s.Name).ToList();
    }

    [GlobalSetup]
    public void Setup() => stages = new PipelineStages(CaKey, CaKey);

    [IterationSetup]
    public void Arrange()
    {
        run = stages.All.Single(s => s.Name == Stage).Arrange(Invocations);
        i = 0;
    }

    [Benchmark]
    public void Run() => run(i++);

    [GlobalCleanup]
    public void Cleanup() => stages.Dispose();
}
