using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PrivSepSigner.Cli.Client;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Cli.Development.Supervision;
using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Development.Benchmark;

/// <summary>
/// `bench [--key rsa|ec] [--subject-key rsa|ec] [--count N] [--concurrency C] [--rate R] [--warmup W] [--openssl-ca-count M] [--vs-cfssl] [--verbose]`:
/// starts a development installation, drives N requests through the whole durable path
/// (link, comm, spool, signer, database, outbox, link) with C requests in flight (or, with
/// --rate, R requests per second whatever the answers do), and prints one JSON object on its
/// last line, with openssl's own figures measured in the same run, the rate of the first and
/// of the last 1,000 certificates, the signer's memory at the end and each process's CPU time
/// per certificate, beside each stage of the signer's pipeline timed on its own
/// (<see cref="StageTimings"/>). The requests' own keys are of the CA's kind unless --subject-key says
/// otherwise (RSA-2048 or P-256; the kind decides what verifying each CSR costs). With
/// --vs-cfssl, cfssl (<see cref="CfsslPeer"/>) is then driven in the same run with the same CSRs,
/// CA key and concurrency (or rate), and its rate and the ratio join the JSON line. Progress goes
/// to stderr once a second; the daemons' log goes to a file in the installation unless --verbose.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var key = CliOptions.OneOf("--key", "the CA key: RSA-2048 (root-rsa) or P-256 (root-ec)", "rsa", "rsa", "ec");
        var subjectKey = new Option<string>("--subject-key") { HelpName = "rsa|ec", Description = "the requests' own keys (default: the CA's kind)" };
        subjectKey.AcceptOnlyFromAmong("rsa", "ec");
        var count = CliOptions.BoundedInt("--count", "N", "requests measured", 5000, 1, 10_000_000);
        var concurrency = CliOptions.BoundedInt("--concurrency", "C", "requests in flight (closed loop)", 128, 1, 100_000);
        var rate = new Option<int?>("--rate") { HelpName = "R", Description = "an open loop of R requests per second instead (latency counts from when each was due)" };
        rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is <= 0)
            {
                r.AddError("--rate takes a positive whole number");
            }
        });
        var warmup = CliOptions.BoundedInt("--warmup", "W", "requests before measuring", 10000, 1, 10_000_000);
        var caCount = CliOptions.BoundedInt("--openssl-ca-count", "M", "certificates made by `openssl ca` for its figure", 40, 1, 100_000);
        var verbose = new Option<bool>("--verbose") { Description = "show the daemons' log (two audit lines per request) on stderr" };
        var vsCfssl = new Option<bool>("--vs-cfssl") { Description = "also drive `cfssl serve` (Debian golang-cfssl) with the same CA key, CSRs and concurrency in the same run" };
        var command = new Command("bench", "measure the whole durable path beside openssl speed and openssl ca (and cfssl); progress on stderr, one JSON line last") { key, subjectKey, count, concurrency, rate, warmup, caCount, vsCfssl, verbose };
        command.SetAction(CliApplication.Action((p, stdout, _) =>
        {
            var k = p.GetRequiredValue(key);
            return RunAsync(new BenchSettings(k, p.GetValue(subjectKey) ?? k, p.GetValue(count), p.GetValue(concurrency), p.GetValue(rate), p.GetValue(warmup), p.GetValue(caCount), p.GetValue(vsCfssl), p.GetValue(verbose)), stdout);
        }));
        return command;
    }

    private static async Task<int> RunAsync(BenchSettings settings, TextWriter stdout)
    {
        var (key, subjectKey, count, concurrency, caCount, warmup) = (settings.Key, settings.SubjectKey, settings.Count, settings.Concurrency, settings.OpenSslCaCount, settings.Warmup);
        double? pace = settings.Rate;
        var root = key == "rsa" ? "root-rsa" : "root-ec";
        // Before anything starts: a missing peer is the operator's to fix, not a crash half-way.
        var cfssl = settings.VsCfssl ? CfsslPeer.Find() ?? throw new UsageException("--vs-cfssl needs `cfssl` on PATH: install the Debian package golang-cfssl") : null;

        var dir = Directory.CreateTempSubdirectory("privsep-bench-");
        try
        {
            var config = DevInstallation.Create(dir.FullName, new DevInstallationOptions(LinkKind.Unix, DevInstallationOptions.DefaultRoots));
            var output = settings.Verbose ? DaemonOutput.Inherit : DaemonOutput.ToFile(Path.Combine(dir.FullName, "daemons.log"));
            await using var supervisor = new Supervisor(config, Console.Error, output);
            supervisor.Start();
            var link = Path.Combine(dir.FullName, DevInstallation.LinkName);
            await stdout.WriteLineAsync($"bench: {count} requests, {concurrency} in flight, CA key {key}, installation {dir.FullName}");
            await Console.Error.WriteLineAsync($"bench: making {count + warmup} requests ({subjectKey} keys) ...");
            var csrs = NewCsrs(count + warmup, subjectKey);
            await WaitUpAsync(link);

            await using var linkTarget = new LinkTarget(link, root, concurrency);
            var driver = new BenchDriver(linkTarget);
            // A daemon runs for months: measure it warm (the JIT has tiered up the hot paths).
            await driver.RunAsync(csrs[..warmup], concurrency, "warmup", progress: Console.Error);
            var signerPid = supervisor.Pid("privsep-signerd");
            var commPid = supervisor.Pid("privsep-comm");
            var cpuBefore = (Signer: ProcessCpu.Seconds(signerPid), Comm: ProcessCpu.Seconds(commPid), Self: ProcessCpu.Seconds(Environment.ProcessId));
            var run = await driver.RunAsync(csrs[warmup..], concurrency, "run", pace, Console.Error);
            var cpuAfter = (Signer: ProcessCpu.Seconds(signerPid), Comm: ProcessCpu.Seconds(commPid), Self: ProcessCpu.Seconds(Environment.ProcessId));
            var (latencies, elapsed) = (run.LatenciesMs, run.ElapsedSeconds);
            var rss = RssMegabytes(signerPid);
            var caKeyPath = Path.Combine(dir.FullName, "keys", root, "current", "key.pem");
            var caCertPath = Path.Combine(dir.FullName, "keys", root, "current", "cert.pem");
            (double Rate, double P50, double P99, int Verified)? peer = cfssl is null ? null : await CfsslRunAsync(cfssl, dir.FullName, caCertPath, caKeyPath, csrs, settings, pace, stdout);

            await stdout.WriteLineAsync("bench: measuring openssl speed and openssl ca on the same key type ...");
            var speed = OpenSslBaseline.SpeedSignsPerSecond(key);
            var csrFiles = csrs.Take(caCount).Select((c, i) =>
            {
                var path = Path.Combine(dir.FullName, $"ca-{i}.csr");
                File.WriteAllText(path, PemEncoding.WriteString("CERTIFICATE REQUEST", c));
                return path;
            }).ToList();
            var caRate = OpenSslBaseline.CaCertsPerSecond(dir.FullName, caKeyPath, caCertPath, csrFiles);

            await stdout.WriteLineAsync("bench: timing the signer's stages one by one (privsep-bench-stages) ...");
            var stages = StageTimings.Measure(key, subjectKey, Math.Clamp(count / 10, 50, 2000));

            Array.Sort(latencies);
            var rate = count / elapsed;
            var result = new Dictionary<string, object>
            {
                ["key"] = KeyName(key),
                ["subject_key"] = KeyName(subjectKey),
                ["count"] = count,
                ["concurrency"] = concurrency,
                ["certs_per_second"] = Math.Round(rate, 1),
                ["p50_ms"] = Math.Round(Percentile(latencies, 0.5), 2),
                ["p99_ms"] = Math.Round(Percentile(latencies, 0.99), 2),
                ["openssl_speed_signs_per_second"] = Math.Round(speed, 1),
                ["openssl_ca_certs_per_second"] = Math.Round(caRate, 1),
                ["ratio_vs_openssl_speed"] = Math.Round(rate / speed, 3),
                ["ratio_vs_openssl_ca"] = Math.Round(rate / caRate, 2),
                ["signer_rss_mb"] = Math.Round(rss, 1),
                ["rate_requested"] = pace is { } r ? r : "max",
                ["first_1000_per_second"] = Math.Round(WindowRate(run.CompletedAtSeconds, first: true), 1),
                ["last_1000_per_second"] = Math.Round(WindowRate(run.CompletedAtSeconds, first: false), 1),
                ["signer_cpu_ms_per_cert"] = Math.Round((cpuAfter.Signer - cpuBefore.Signer) * 1000 / count, 3),
                ["comm_cpu_ms_per_cert"] = Math.Round((cpuAfter.Comm - cpuBefore.Comm) * 1000 / count, 3),
                ["front_end_cpu_ms_per_cert"] = Math.Round((cpuAfter.Self - cpuBefore.Self) * 1000 / count, 3),
            };
            var signerCpuMs = (cpuAfter.Signer - cpuBefore.Signer) * 1000 / count;
            result["stages_us_per_cert"] = stages;
            // How much of the signer's measured CPU per certificate the stages explain (the rest: threads, scheduling, GC, the scan).
            result["stages_share_of_signer_cpu"] = Math.Round(stages["total"] / 1000 / signerCpuMs, 2);
            if (peer is { } c)
            {
                result["cfssl_certs_per_second"] = Math.Round(c.Rate, 1);
                result["cfssl_p50_ms"] = Math.Round(c.P50, 2);
                result["cfssl_p99_ms"] = Math.Round(c.P99, 2);
                result["cfssl_verified_answers"] = c.Verified;
                result["ratio_vs_cfssl"] = Math.Round(Math.Round(rate, 1) / Math.Round(c.Rate, 1), 3);
            }

            await stdout.WriteLineAsync(JsonSerializer.Serialize(result));
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// cfssl on the bench CA's own key, after the project's run: a short warm-up (Go has no JIT
    /// to tier up; this opens the connections), then the measured CSRs at the same concurrency
    /// or rate, then a sample of its answers parsed and chain-checked, then the process killed.
    /// </summary>
    private static async Task<(double Rate, double P50, double P99, int Verified)> CfsslRunAsync(string cfssl, string dir, string caCert, string caKey, byte[][] csrs, BenchSettings settings, double? pace, TextWriter stdout)
    {
        await stdout.WriteLineAsync($"bench: driving cfssl ({cfssl}) with the same {settings.Count} requests, {settings.Concurrency} in flight ...");
        await using var peer = await CfsslPeer.StartAsync(cfssl, dir, caCert, caKey, csrs[0], settings.Concurrency);
        var driver = new BenchDriver(peer);
        var measured = csrs[settings.Warmup..];
        BenchDriver.Result run;
        try
        {
            await driver.RunAsync(csrs[..Math.Min(settings.Warmup, 500)], settings.Concurrency, "cfssl-warmup", progress: Console.Error);
            run = await driver.RunAsync(measured, settings.Concurrency, "cfssl", pace, Console.Error);
        }
        catch (HttpRequestException e)
        {
            throw new IOException($"cfssl stopped answering: {e.Message}", e);
        }

        var verified = peer.VerifySamples(caCert);
        var latencies = run.LatenciesMs;
        Array.Sort(latencies);
        return (measured.Length / run.ElapsedSeconds, Percentile(latencies, 0.5), Percentile(latencies, 0.99), verified);
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];

    /// <summary>Certificates per second over the first or the last 1,000 completions (all of them if fewer).</summary>
    private static double WindowRate(double[] completedAt, bool first)
    {
        var sorted = completedAt.Order().ToArray();
        var n = Math.Min(1000, sorted.Length);
        if (n < 2)
        {
            return double.NaN;
        }

        var span = first ? sorted[n - 1] : sorted[^1] - sorted[^n];
        return n / Math.Max(span, 1e-6);
    }

    internal static async Task WaitUpAsync(string link)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if (File.Exists(link))
                {
                    await using var f = FrontEnd.Open(link, TimeSpan.FromSeconds(5));
                    var id = FrontEnd.NewRequestId();
                    await f.AskAsync<StatusResponse>(MessageType.StatusRequest, new StatusRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now }, id);
                    return;
                }
            }
            catch (Exception e) when (e is IOException or TimeoutException or AnswerTimeoutException)
            {
                // Not up yet: a signer still starting (or a loaded machine) answers its first status late.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the installation did not come up");
    }

    private static double RssMegabytes(int? pid)
    {
        if (pid is null)
        {
            return double.NaN;
        }

        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string KeyName(string kind) => kind == "rsa" ? "RSA-2048" : "P-256";

    /// <summary>
    /// The requests, made before the clock starts. RSA key generation is slow, so RSA requests
    /// share a pool of 64 keys; every request still differs (its subject) and is verified as usual.
    /// </summary>
    private static byte[][] NewCsrs(int n, string kind)
    {
        var keys = Enumerable.Range(0, kind == "rsa" ? Math.Min(n, 64) : 0).Select(_ => RSA.Create(2048)).ToArray();
        try
        {
            return Enumerable.Range(0, n).Select(i => kind == "rsa" ? NewCsr(keys[i % keys.Length], i) : NewEcCsr(i)).ToArray();
        }
        finally
        {
            foreach (var k in keys)
            {
                k.Dispose();
            }
        }
    }

    private static byte[] NewEcCsr(int i)
    {
        using var subjectKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return NewCsr(subjectKey, i);
    }

    private static byte[] NewCsr(AsymmetricAlgorithm subjectKey, int i)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"host{i}.bench.example.test");
        var request = subjectKey is RSA rsa
            ? new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={name}", (ECDsa)subjectKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequest();
    }
}
