using System.Text.Json;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// `privsep-signer bench` keeps working: a tiny closed-loop and open-loop run each end with
/// one JSON object holding every figure the Performance section reports. It checks the
/// shape and sanity of the output, never a speed (timings belong to benchmarks, not tests).
/// </summary>
public sealed class BenchCommandTests
{
    private static readonly string[] Fields =
    [
        "key", "certs_per_second", "p50_ms", "p99_ms", "openssl_speed_signs_per_second", "openssl_ca_certs_per_second",
        "ratio_vs_openssl_speed", "ratio_vs_openssl_ca", "signer_rss_mb", "rate_requested", "first_1000_per_second", "last_1000_per_second",
        "subject_key", "signer_cpu_ms_per_cert", "comm_cpu_ms_per_cert", "front_end_cpu_ms_per_cert",
    ];

    [Theory]
    [InlineData("ec")]
    [InlineData("rsa", "--rate", "50")]
    public async Task A_tiny_run_prints_every_figure_on_its_last_line(string key, params string[] extra)
    {
        var r = await Tool.RunAsync(Tool.Bin("privsep-signer"), ["bench", "--key", key, "--count", "60", "--warmup", "10", "--openssl-ca-count", "2", .. extra], TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, r.ToString());
        var last = r.Stdout.TrimEnd().Split('\n')[^1];
        using var json = JsonDocument.Parse(last);
        foreach (var field in Fields)
        {
            Assert.True(json.RootElement.TryGetProperty(field, out _), $"{field} missing from {last}");
        }

        Assert.Equal(key == "ec" ? "P-256" : "RSA-2048", json.RootElement.GetProperty("key").GetString());
        Assert.True(json.RootElement.GetProperty("certs_per_second").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("openssl_ca_certs_per_second").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("signer_rss_mb").GetDouble() > 0);
        Assert.Equal(json.RootElement.GetProperty("key").GetString(), json.RootElement.GetProperty("subject_key").GetString());
        Assert.True(json.RootElement.GetProperty("signer_cpu_ms_per_cert").GetDouble() > 0, "the signer did the signing work");
    }

    /// <summary>
    /// Issue 18 item 3: progress on stderr, and the daemons' audit lines (two per request) kept out
    /// of the terminal unless --verbose. Before, `bench --count 3000` printed 26,000 audit lines
    /// and no progress.
    /// </summary>
    [Fact]
    public async Task Progress_goes_to_stderr_and_the_daemon_log_stays_out_unless_verbose()
    {
        var quiet = await Tool.RunAsync(Tool.Bin("privsep-signer"), ["bench", "--key", "ec", "--count", "40", "--warmup", "5", "--openssl-ca-count", "1"], TimeSpan.FromMinutes(3));
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.Contains("bench: run 40/40 (100%)", quiet.Stderr);
        Assert.Contains("bench: warmup 5/5 (100%)", quiet.Stderr);
        Assert.DoesNotContain("audit:", quiet.Stderr + quiet.Stdout);

        var verbose = await Tool.RunAsync(Tool.Bin("privsep-signer"), ["bench", "--key", "ec", "--count", "10", "--warmup", "2", "--openssl-ca-count", "1", "--verbose"], TimeSpan.FromMinutes(3));
        Assert.True(verbose.ExitCode == 0, verbose.ToString());
        Assert.Contains("audit: signed request", verbose.Stderr + verbose.Stdout);
    }

    /// <summary>
    /// Issue 20 item 1: cfssl (Debian golang-cfssl, which test.sh installs) in the same run, on
    /// the same key type, CSRs and concurrency; its rate is positive, a sample of its answers was
    /// chain-checked, and the ratio is the project's rate over cfssl's as printed.
    /// </summary>
    [Theory]
    [InlineData("ec")]
    [InlineData("rsa")]
    public async Task Vs_cfssl_measures_cfssl_in_the_same_run_and_prints_the_ratio(string key)
    {
        var r = await Tool.RunAsync(Tool.Bin("privsep-signer"), ["bench", "--key", key, "--count", "200", "--warmup", "20", "--concurrency", "16", "--openssl-ca-count", "1", "--vs-cfssl"], TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, r.ToString());
        var last = r.Stdout.TrimEnd().Split('\n')[^1];
        using var json = JsonDocument.Parse(last);
        var project = json.RootElement.GetProperty("certs_per_second").GetDouble();
        var cfssl = json.RootElement.GetProperty("cfssl_certs_per_second").GetDouble();
        var ratio = json.RootElement.GetProperty("ratio_vs_cfssl").GetDouble();
        Assert.True(cfssl > 0, last);
        Assert.True(json.RootElement.GetProperty("cfssl_verified_answers").GetInt32() >= 2, $"200 answers, one in 97 checked: {last}");
        Assert.True(json.RootElement.GetProperty("cfssl_p99_ms").GetDouble() >= json.RootElement.GetProperty("cfssl_p50_ms").GetDouble(), last);
        Assert.InRange(ratio, (project / cfssl) - 0.0015, (project / cfssl) + 0.0015);
        Assert.Contains("bench: cfssl 200/200 (100%)", r.Stderr);
        var installation = r.Stdout.Split('\n')[0].Split("installation ")[1].Trim();
        Assert.Empty(CfsslProcesses(installation));
    }

    /// <summary>Issue 20 item 1: asked for cfssl without it on PATH, bench says what to install and exits 2 before starting anything.</summary>
    [Fact]
    public async Task Vs_cfssl_without_cfssl_on_path_is_a_usage_error_naming_the_package()
    {
        var r = await Tool.RunAsync("/usr/bin/env", ["PATH=/nonexistent", Tool.Bin("privsep-signer"), "bench", "--key", "ec", "--count", "10", "--vs-cfssl"], TimeSpan.FromMinutes(1));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("golang-cfssl", r.Stderr);
        Assert.DoesNotContain("Unhandled exception", r.Stderr);
        Assert.DoesNotContain("bench: making", r.Stderr);
    }

    /// <summary>`cfssl serve` processes of that installation still running (the bench must have killed its own).</summary>
    private static List<string> CfsslProcesses(string installation) =>
        Directory.EnumerateDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Select(d =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return "";
                }
            })
            .Where(c => c.StartsWith("/usr/bin/cfssl serve", StringComparison.Ordinal) && c.Contains(installation, StringComparison.Ordinal))
            .ToList();
}
