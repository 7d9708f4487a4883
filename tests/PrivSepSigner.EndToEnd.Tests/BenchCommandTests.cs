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
}
