using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace PrivSepSigner.Fuzz.Tests;

/// <summary>
/// A short coverage-guided fuzzing run of every target (fuzz/run.sh: SharpFuzz-instrumented
/// product code under afl-fuzz, memory-capped). Fails on any crash or hang, on a target that
/// executed nothing, and when afl-fuzz is not installed: a missing fuzzer is not a pass.
/// </summary>
public sealed partial class ShortFuzzRunTests(ITestOutputHelper log)
{
    // 6 targets x 15 s, plus ~15 s to build and instrument and a few seconds per target to start
    // and calibrate: about 2.5 minutes, inside the ~4 minutes CI grants it even on a loaded machine.
    private const int SecondsPerTarget = 15;

    [Fact]
    public async Task Every_target_survives_a_short_afl_run_with_no_crash_or_hang()
    {
        var root = FindRepo();
        var corpusTargets = Directory.GetDirectories(Path.Combine(root, "fuzz", "corpus")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList();

        var psi = new ProcessStartInfo("bash", [Path.Combine(root, "fuzz", "run.sh"), SecondsPerTarget.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };

        // CI runs the other test projects beside this one on two cores: a slow execution there is load, not a hang.
        psi.Environment["FUZZ_TIMEOUT_MS"] = "10000";

        // The solution's own Debug build of the harness is current (dotnet test built it): no second full build.
        psi.Environment["FUZZ_CONFIGURATION"] = "Debug";
        using var process = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        string stdout, output;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(cts.Token);
            stdout = await process.StandardOutput.ReadToEndAsync(cts.Token);
            await process.WaitForExitAsync(cts.Token);
            output = stdout + await stderr;
        }
        finally
        {
            // A run past its deadline must not leave afl-fuzz behind.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        log.WriteLine(output);
        Assert.True(process.ExitCode == 0, $"fuzz/run.sh exited {process.ExitCode}:\n{output}");

        // Every corpus directory was fuzzed, and each target really executed inputs.
        var runs = TargetLine().Matches(stdout).ToDictionary(m => m.Groups["t"].Value, m => m.Groups, StringComparer.Ordinal);
        Assert.Equal(corpusTargets, runs.Keys.Order(StringComparer.Ordinal).ToList());
        foreach (var (target, groups) in runs)
        {
            Assert.True(long.Parse(groups["execs"].Value, System.Globalization.CultureInfo.InvariantCulture) > 100, $"{target} ran only {groups["execs"].Value} inputs:\n{output}");
            Assert.Equal("0", groups["bad"].Value);
        }
    }

    [GeneratedRegex(@"^== (?<t>[a-z0-9]+): \d+s\n\s+execs (?<execs>\d+), corpus \d+, crashes\+hangs (?<bad>\d+);", RegexOptions.Multiline)]
    private static partial Regex TargetLine();

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PrivSepSigner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PrivSepSigner.sln not found above " + AppContext.BaseDirectory);
    }
}
