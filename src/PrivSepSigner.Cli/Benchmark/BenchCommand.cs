using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PrivSepSigner.Cli.Commands;
using PrivSepSigner.Cli.Installation;
using PrivSepSigner.Cli.Supervision;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Benchmark;

/// <summary>
/// `bench [--key rsa|ec] [--count N] [--concurrency C] [--openssl-ca-count M]`: starts a
/// development installation, drives N requests through the whole durable path (link, comm,
/// spool, signer, database, outbox, link) with C requests in flight, and prints one JSON
/// object on its last line, with openssl's own figures measured in the same run.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--key", "--count", "--concurrency", "--openssl-ca-count" }, new HashSet<string>());
        var key = a.Optional("--key") ?? "rsa";
        if (key is not ("rsa" or "ec"))
        {
            throw new UsageException("--key is rsa or ec");
        }

        var count = PositiveInt(a, "--count", 5000);
        var concurrency = PositiveInt(a, "--concurrency", 64);
        var caCount = PositiveInt(a, "--openssl-ca-count", 40);
        var root = key == "rsa" ? "root-rsa" : "root-ec";

        var dir = Directory.CreateTempSubdirectory("privsep-bench-");
        try
        {
            var config = DevInstallation.Create(dir.FullName, new DevInstallationOptions("unix", DevInstallationOptions.DefaultRoots));
            await using var supervisor = new Supervisor(config, TextWriter.Null);
            supervisor.Start();
            var link = Path.Combine(dir.FullName, DevInstallation.LinkName);
            await stdout.WriteLineAsync($"bench: {count} requests, {concurrency} in flight, CA key {key}, installation {dir.FullName}");
            var csrs = Enumerable.Range(0, count + 200).Select(_ => NewCsr()).ToArray();
            await WaitUpAsync(link);

            await DriveAsync(link, root, csrs[..200], concurrency, "warmup");
            var latencies = new double[count];
            var watch = Stopwatch.StartNew();
            await DriveAsync(link, root, csrs[200..], concurrency, "run", latencies);
            var elapsed = watch.Elapsed.TotalSeconds;
            var rss = RssMegabytes(supervisor.Pid("privsep-signerd"));

            await stdout.WriteLineAsync("bench: measuring openssl speed and openssl ca on the same key type ...");
            var speed = OpenSslBaseline.SpeedSignsPerSecond(key);
            var csrFiles = csrs.Take(caCount).Select((c, i) =>
            {
                var path = Path.Combine(dir.FullName, $"ca-{i}.csr");
                File.WriteAllText(path, PemEncoding.WriteString("CERTIFICATE REQUEST", c));
                return path;
            }).ToList();
            var caRate = OpenSslBaseline.CaCertsPerSecond(dir.FullName, Path.Combine(dir.FullName, "keys", root, "current", "key.pem"), Path.Combine(dir.FullName, "keys", root, "current", "cert.pem"), csrFiles);

            Array.Sort(latencies);
            var rate = count / elapsed;
            var result = new Dictionary<string, object>
            {
                ["key"] = key == "rsa" ? "RSA-2048" : "P-256",
                ["count"] = count,
                ["concurrency"] = concurrency,
                ["certs_per_second"] = Math.Round(rate, 1),
                ["p50_ms"] = Math.Round(latencies[count / 2], 2),
                ["p99_ms"] = Math.Round(latencies[Math.Min(count - 1, (int)(count * 0.99))], 2),
                ["openssl_speed_signs_per_second"] = Math.Round(speed, 1),
                ["openssl_ca_certs_per_second"] = Math.Round(caRate, 1),
                ["ratio_vs_openssl_speed"] = Math.Round(rate / speed, 3),
                ["ratio_vs_openssl_ca"] = Math.Round(rate / caRate, 2),
                ["signer_rss_mb"] = Math.Round(rss, 1),
            };
            await stdout.WriteLineAsync(JsonSerializer.Serialize(result));
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task DriveAsync(string link, string root, byte[][] csrs, int concurrency, string tag, double[]? latencies = null)
    {
        var next = -1;
        var clients = Math.Min(concurrency, 8);
        var perClient = Math.Max(1, concurrency / clients);
        var tasks = new List<Task>();
        var links = new List<LinkClient>();
        for (var c = 0; c < clients; c++)
        {
            var client = LinkClient.Open(link);
            links.Add(client);
            for (var k = 0; k < perClient; k++)
            {
                tasks.Add(Task.Run(async () =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < csrs.Length)
                    {
                        var id = $"bench-{tag}-{i}";
                        var body = MessageCodec.Serialize(new SignX509Request { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now, Root = root, Profile = "server", Csr = csrs[i] });
                        var started = Stopwatch.GetTimestamp();
                        while (true)
                        {
                            var frame = await client.RequestAsync(MessageType.SignX509Request, body, id, TimeSpan.FromSeconds(120));
                            if (frame.Type == MessageType.SignX509Response)
                            {
                                break;
                            }

                            var error = MessageCodec.Deserialize<ErrorResponse>(frame.Body);
                            if (error.Code != ErrorCode.RetryLater)
                            {
                                throw new InvalidOperationException($"{id}: {error.Code} {error.Message}");
                            }

                            await Task.Delay(5);
                        }

                        if (latencies is not null)
                        {
                            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        }
                    }
                }));
            }

        }

        try
        {
            await Task.WhenAll(tasks);
        }
        finally
        {
            foreach (var client in links)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task WaitUpAsync(string link)
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
            catch (Exception e) when (e is IOException or TimeoutException)
            {
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

    private static int PositiveInt(ArgReader a, string name, int fallback)
    {
        var text = a.Optional(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new UsageException($"{name} takes a positive whole number");
    }

    private static byte[] NewCsr()
    {
        using var subjectKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bench.example.test", subjectKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("bench.example.test");
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequest();
    }
}
