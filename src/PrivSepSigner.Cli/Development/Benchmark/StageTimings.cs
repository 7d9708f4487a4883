using System.Text.Json;

namespace PrivSepSigner.Cli.Development.Benchmark;

/// <summary>
/// The signer's pipeline stage by stage, in CPU microseconds per certificate: runs
/// privsep-bench-stages (benchmarks/PrivSepSigner.Stages, installed next to this CLI), which
/// calls the signer's own code for each stage. A separate process because the stages load key
/// and issuance code, which the CLI never does (Architecture.Tests).
/// </summary>
internal static class StageTimings
{
    /// <exception cref="IOException">The program is missing, failed, or printed no figures.</exception>
    public static Dictionary<string, double> Measure(string key, string subjectKey, int certs)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "privsep-bench-stages");
        if (!File.Exists(program))
        {
            throw new IOException($"{program} is missing: build the solution (benchmarks/PrivSepSigner.Stages) or reinstall");
        }

        string stdout;
        try
        {
            stdout = OpenSslBaseline.Run(program, ["--key", key, "--subject-key", subjectKey, "--certs", certs.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        catch (InvalidOperationException e)
        {
            throw new IOException(e.Message, e);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, double>>(stdout.Trim()) is { } figures && figures.ContainsKey("total")
                ? figures
                : throw new IOException($"{program} printed no stage figures: {stdout}");
        }
        catch (JsonException e)
        {
            throw new IOException($"{program} printed no stage figures: {stdout}", e);
        }
    }
}
