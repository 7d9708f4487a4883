using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace PrivSepSigner.Cli.Development.Benchmark;

/// <summary>
/// CloudFlare's cfssl (Debian golang-cfssl) as the peer measured in the same run: `cfssl serve`
/// on 127.0.0.1 and a free port, with the bench installation's own CA certificate and key (so
/// the key type is the same by construction), a signing profile like the project's "server"
/// one, no database and no fsync. Driven by our own HttpClient through the same
/// <see cref="BenchDriver"/> loop as the project. The process is killed when this is disposed,
/// and on SIGINT, SIGTERM and SIGHUP, so an interrupted bench leaves no cfssl behind.
/// </summary>
internal sealed class CfsslPeer : IBenchTarget, IAsyncDisposable
{
    /// <summary>One answer in this many is kept and checked to be a real certificate after the run.</summary>
    private const int SampleEvery = 97;

    private readonly Process process;
    private readonly HttpClient http;
    private readonly Uri signUri;
    private readonly StringBuilder log = new();
    private readonly List<PosixSignalRegistration> signals = [];
    private readonly List<(string RequestId, byte[] Csr, string Pem)> samples = [];

    private CfsslPeer(Process process, HttpClient http, Uri signUri)
    {
        this.process = process;
        this.http = http;
        this.signUri = signUri;
    }

    /// <summary>The cfssl executable on PATH, or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "cfssl"))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts `cfssl serve` in <paramref name="workDir"/> and waits until it signs <paramref name="probeCsr"/>.</summary>
    /// <exception cref="TimeoutException">cfssl did not answer within 30 seconds (its output is in the message).</exception>
    /// <exception cref="IOException">cfssl could not start or exited.</exception>
    public static async Task<CfsslPeer> StartAsync(string cfssl, string workDir, string caCert, string caKey, byte[] probeCsr, int concurrency)
    {
        var dir = Directory.CreateDirectory(Path.Combine(workDir, "cfssl")).FullName;
        var config = Path.Combine(dir, "cfg.json");
        // The project's "server" profile: a TLS server leaf, one year.
        await File.WriteAllTextAsync(config, """{"signing":{"default":{"usages":["digital signature","server auth"],"expiry":"8760h"}}}""");
        var port = FreePort();
        var info = new ProcessStartInfo(cfssl) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in new[] { "serve", "-address", "127.0.0.1", "-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-ca", caCert, "-ca-key", caKey, "-config", config, "-loglevel", "4" })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new IOException($"cannot start {cfssl}");
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(1, concurrency), PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var peer = new CfsslPeer(process, new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(120) }, new Uri($"http://127.0.0.1:{port}/api/v1/cfssl/sign"));
        peer.WatchOutput();
        try
        {
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            {
                peer.signals.Add(PosixSignalRegistration.Create(signal, _ => peer.Kill()));
            }

            await peer.WaitUpAsync(probeCsr);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <exception cref="InvalidDataException">cfssl's answer is not a signed certificate.</exception>
    /// <exception cref="HttpRequestException">No HTTP answer.</exception>
    public async Task SignAsync(byte[] csr, string requestId, int slot)
    {
        var pem = PemEncoding.WriteString("CERTIFICATE REQUEST", csr);
        using var content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["certificate_request"] = pem }), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(signUri, content);
        var body = await response.Content.ReadAsStringAsync();
        var certificate = CertificateOf(body) ?? throw new InvalidDataException($"{requestId}: cfssl answered {(int)response.StatusCode}: {body}");
        if (slot % SampleEvery == 0)
        {
            lock (samples)
            {
                samples.Add((requestId, csr, certificate));
            }
        }
    }

    /// <summary>
    /// The kept answers parse as X.509 certificates for the CSR's subject that chain to
    /// <paramref name="caCert"/> (signed by its key): cfssl really signed what it was sent.
    /// </summary>
    /// <returns>How many answers were checked.</returns>
    /// <exception cref="InvalidDataException">An answer is not such a certificate.</exception>
    public int VerifySamples(string caCert)
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caCert));
        lock (samples)
        {
            foreach (var (id, csr, pem) in samples)
            {
                using var cert = X509Certificate2.CreateFromPem(pem);
                var expected = CertificateRequest.LoadSigningRequest(csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation).SubjectName.Name;
                if (cert.Subject != expected)
                {
                    throw new InvalidDataException($"cfssl answer to {id}: subject {cert.Subject}, expected {expected}");
                }

                using var chain = new X509Chain { ChainPolicy = { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck, VerificationFlags = X509VerificationFlags.IgnoreWrongUsage } };
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                if (!chain.Build(cert))
                {
                    throw new InvalidDataException($"cfssl answer to {id}: does not chain to the CA: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation))}");
                }
            }

            return samples.Count;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in signals)
        {
            s.Dispose();
        }

        Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        http.Dispose();
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task WaitUpAsync(byte[] probeCsr)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new IOException($"cfssl serve exited with {process.ExitCode}: {Output()}");
            }

            try
            {
                await SignAsync(probeCsr, "cfssl-probe", 1);
                return;
            }
            catch (HttpRequestException) when (watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
            catch (HttpRequestException e)
            {
                throw new TimeoutException($"cfssl serve did not answer in 30 s ({e.Message}): {Output()}");
            }
        }
    }

    private void WatchOutput()
    {
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The last few KB of cfssl's output, for an error message.</summary>
    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
            if (log.Length > 8192)
            {
                log.Remove(0, log.Length - 8192);
            }
        }
    }

    private string Output()
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>The PEM certificate of a successful cfssl answer ({"success":true,"result":{"certificate":...}}), or null.</summary>
    private static string? CertificateOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return root.TryGetProperty("success", out var ok) && ok.ValueKind == JsonValueKind.True
                && root.TryGetProperty("result", out var result) && result.TryGetProperty("certificate", out var cert) && cert.GetString() is { Length: > 0 } pem
                ? pem
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
