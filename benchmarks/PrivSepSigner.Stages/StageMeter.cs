using PrivSepSigner.Posix.Clocks;

namespace PrivSepSigner.Stages;

/// <summary>
/// CPU microseconds per certificate of each stage: arranged, warmed up (the JIT tiers up, as in
/// a daemon that has run a while), then run on the process CPU clock; plus "audit_lines" (derived)
/// and "total", the sum of the stages that do not overlap.
/// </summary>
internal static class StageMeter
{
    /// <param name="certs">Certificates measured per stage (per-batch stages: this many divided by the batch).</param>
    public static Dictionary<string, double> Measure(PipelineStages stages, int certs)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var stage in stages.All)
        {
            var runs = Math.Max(2, certs / stage.CertsPerRun);
            var warm = stage.Arrange(runs);
            for (var i = 0; i < runs; i++)
            {
                warm(i);
            }

            var run = stage.Arrange(runs);
            var before = CpuClock.Nanoseconds();
            for (var i = 0; i < runs; i++)
            {
                run(i);
            }

            var ns = CpuClock.Nanoseconds() - before;
            result[stage.Name] = Math.Round(ns / 1000.0 / (runs * stage.CertsPerRun), 2);
        }

        // The audit lines are timed inside the signer's Sign step, which also issues.
        result["audit_lines"] = Math.Round(result["sign_with_audit_lines"] - result["issue"], 2);
        // Additive: "issue" holds sign and post_sign_verify; "sign_with_audit_lines" is issue plus audit_lines.
        result["total"] = Math.Round(result.Where(r => r.Key is not ("sign" or "post_sign_verify" or "sign_with_audit_lines")).Sum(r => r.Value), 2);
        return result;
    }
}
