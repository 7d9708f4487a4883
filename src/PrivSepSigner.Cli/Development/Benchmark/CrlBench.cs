using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PrivSepSigner.Cli.Client;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Cli.Development.Supervision;
using PrivSepSigner.Configuration;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Cli.Development.Benchmark;

/// <summary>
/// `bench-crl [--entries N] [--delta M] [--load L]`: revocation at a real CA's size. Starts a
/// development installation, records N revoked certificates of root-ec in its database (a
/// million by default: issuing them one by one would take the better part of an hour, and the
/// CRL only reads their records), then measures through the real daemons: a new full CRL of N
/// entries (time, bytes, the signer's peak memory), signing throughput while it is made against
/// the same load just before, a delta of M entries against it after M more revocations
/// (RevokeBatchRequests), and the bytes a delta of 100 revocations costs on a serial line; and
/// `openssl ca -gencrl` over an index.txt of the same N entries in the same run. Its last line is
/// one JSON object.
/// </summary>
internal static class CrlBench
{
    private const string Root = "root-ec";
    private const int Baud = 115200;

    public static Command Create()
    {
        var entries = CliOptions.BoundedInt("--entries", "N", "revoked certificates on the full CRL", 1_000_000, 1, 10_000_000);
        var delta = CliOptions.BoundedInt("--delta", "M", "revocations on the delta CRL against it", 10_000, 1, 1_000_000);
        var load = CliOptions.BoundedInt("--load", "L", "signing requests measured before and while the full CRL is made", 3000, 100, 1_000_000);
        var verbose = new Option<bool>("--verbose") { Description = "show the daemons' log on stderr" };
        var command = new Command("bench-crl", "measure a full CRL of N entries and a delta of M through the real daemons, beside openssl ca -gencrl; one JSON line last") { entries, delta, load, verbose };
        command.SetAction(CliApplication.Action((p, stdout, _) => RunAsync(p.GetValue(entries), p.GetValue(delta), p.GetValue(load), p.GetValue(verbose), stdout)));
        return command;
    }

    private static async Task<int> RunAsync(int entries, int deltaEntries, int load, bool verbose, TextWriter stdout)
    {
        var dir = Directory.CreateTempSubdirectory("privsep-bench-crl-");
        try
        {
            var config = DevInstallation.Create(dir.FullName, new DevInstallationOptions(LinkKind.Unix, DevInstallationOptions.DefaultRoots));
            await using var supervisor = new Supervisor(config, Console.Error, verbose ? DaemonOutput.Inherit : DaemonOutput.ToFile(Path.Combine(dir.FullName, "daemons.log")));
            supervisor.Start();
            var link = Path.Combine(dir.FullName, DevInstallation.LinkName);
            await BenchCommand.WaitUpAsync(link);
            var keyDir = Path.Combine(dir.FullName, "keys", Root, "current");
            var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(keyDir, "cert.pem"));

            await stdout.WriteLineAsync($"bench-crl: recording {entries} revoked certificates of {Root} ...");
            var serials = Seed(Path.Combine(dir.FullName, "state", "issuance.db"), Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)), revoked: entries, unrevoked: deltaEntries + 100);
            await using var target = new LinkTarget(link, Root, 64);
            var driver = new BenchDriver(target);
            var csrs = Enumerable.Range(0, load * 3).Select(NewCsr).ToArray();
            await driver.RunAsync(csrs[..load], 64, "warm");
            var before = await driver.RunAsync(csrs[load..(2 * load)], 64, "before");

            await stdout.WriteLineAsync($"bench-crl: a full CRL of {entries} entries while {load} requests are signed ...");
            var signerPid = supervisor.Pid("privsep-signerd");
            var watch = Stopwatch.StartNew();
            var fullTask = FetchAsync(link, id => new IssueCrlRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now, Root = Root }, MessageType.IssueCrlRequest);
            var during = await driver.RunAsync(csrs[(2 * load)..], 64, "during");
            var full = await fullTask;
            var fullSeconds = watch.Elapsed.TotalSeconds;
            var peak = PeakRssMegabytes(signerPid);

            await RevokeAsync(link, serials[entries..(entries + deltaEntries)]);
            watch.Restart();
            var delta = await FetchAsync(link, id => new CrlRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now, Root = Root, Delta = true, BaseCrlNumber = full.CrlNumber }, MessageType.CrlRequest);
            var deltaSeconds = watch.Elapsed.TotalSeconds;

            // What a front end on a serial line fetches: a delta of 100 revocations, as frames on the wire.
            var issued = await FetchAsync(link, id => new IssueCrlRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now, Root = Root }, MessageType.IssueCrlRequest);
            await RevokeAsync(link, serials[(entries + deltaEntries)..]);
            var small = await FetchAsync(link, id => new CrlRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now, Root = Root, Delta = true, BaseCrlNumber = issued.CrlNumber }, MessageType.CrlRequest);
            var smallWire = FrameCodec.Encode(MessageType.CrlResponse, MessageCodec.Serialize(small)).Length;

            await stdout.WriteLineAsync($"bench-crl: openssl ca -gencrl over an index.txt of {entries} entries ...");
            var openssl = OpenSslBaseline.GenCrlSeconds(dir.FullName, Path.Combine(keyDir, "key.pem"), Path.Combine(keyDir, "cert.pem"), serials[..entries]);

            var result = new Dictionary<string, object>
            {
                ["entries"] = entries,
                ["full_crl_seconds"] = Math.Round(fullSeconds, 2),
                ["full_crl_bytes"] = full.Crl.Length,
                ["signer_peak_rss_mb"] = Math.Round(peak, 1),
                ["openssl_ca_gencrl_seconds"] = Math.Round(openssl, 2),
                ["ratio_vs_openssl_ca_gencrl"] = Math.Round(openssl / fullSeconds, 2),
                ["delta_entries"] = deltaEntries,
                ["delta_seconds"] = Math.Round(deltaSeconds, 3),
                ["delta_bytes"] = delta.Crl.Length,
                ["signing_per_second_before"] = Math.Round(load / before.ElapsedSeconds, 1),
                ["signing_per_second_during_full_crl"] = Math.Round(load / during.ElapsedSeconds, 1),
                ["delta_100_link_bytes"] = smallWire,
                ["delta_100_seconds_at_115200"] = Math.Round(smallWire * 10.0 / Baud, 2),
                ["full_crl_hours_at_115200"] = Math.Round(full.Crl.Length * 10.0 / Baud / 3600, 2),
            };
            await stdout.WriteLineAsync(JsonSerializer.Serialize(result));
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Records revoked certificates straight into the issuance database, in one transaction, as the
    /// signer records them (only the columns a CRL reads are meaningful); returns their serials.
    /// The first <paramref name="revoked"/> are revoked, the rest issued and left for the
    /// revocations the benchmark makes through the link.
    /// </summary>
    private static string[] Seed(string database, string issuer, int revoked, int unrevoked)
    {
        var count = revoked + unrevoked;
        using var db = new SqliteConnection($"Data Source={database};Pooling=False");
        db.Open();
        using var tx = db.BeginTransaction();
        using var insert = db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO certificates (serial, root, issuer, profile, request_id, subject, spki_sha256, not_before, not_after, issued_at, der, revoked_at, revocation_reason, status_changed_at)
            VALUES ($serial, $root, $issuer, 'server', $rid, 'CN=bench', $spki, $nb, $na, $nb, x'', $revoked, $reason, $revoked);
            """;
        string[] names = ["$serial", "$root", "$issuer", "$rid", "$spki", "$nb", "$na", "$revoked", "$reason"];
        var p = names.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        var now = DateTimeOffset.UtcNow;
        var serials = new string[count];
        for (var i = 0; i < count; i++)
        {
            var serial = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)).TrimStart('0');
            serials[i] = serial;
            var isRevoked = i < revoked;
            p[0].Value = serial;
            p[1].Value = Root;
            p[2].Value = issuer;
            p[3].Value = "seed-" + i.ToString(CultureInfo.InvariantCulture);
            p[4].Value = serial;
            p[5].Value = now.AddDays(-30).ToUnixTimeMilliseconds();
            p[6].Value = now.AddDays(300).ToUnixTimeMilliseconds();
            p[7].Value = isRevoked ? now.AddMinutes(-i % 10_000).ToUnixTimeMilliseconds() : DBNull.Value;
            p[8].Value = isRevoked ? (object)(i % 7 == 0 ? 1 : i % 5 == 0 ? 4 : 0) : DBNull.Value;
            insert.ExecuteNonQuery();
        }

        using var generation = db.CreateCommand();
        generation.Transaction = tx;
        generation.CommandText = "INSERT INTO meta (key, value) VALUES ('crl_generation:' || $root, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1;";
        generation.Parameters.AddWithValue("$root", Root);
        generation.ExecuteNonQuery();
        tx.Commit();
        return serials;
    }

    private static async Task RevokeAsync(string link, string[] serials)
    {
        await using var front = FrontEnd.Open(link, TimeSpan.FromSeconds(120));
        foreach (var chunk in serials.Chunk(MessageValidator.MaxBatchSerials))
        {
            var id = FrontEnd.NewRequestId();
            await front.AskAsync<RevokeBatchResponse>(MessageType.RevokeBatchRequest, new RevokeBatchRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now, Root = Root, Reason = 1, Serials = chunk }, id);
        }
    }

    /// <summary>Asks until the CRL is there, every 20 ms (the CLI backs off; a measurement must not).</summary>
    private static async Task<CrlResponse> FetchAsync(string link, Func<string, object> request, MessageType type)
    {
        await using var client = LinkClient.Open(link);
        var id = FrontEnd.NewRequestId();
        var body = request(id) switch
        {
            IssueCrlRequest r => MessageCodec.Serialize(r),
            CrlRequest r => MessageCodec.Serialize(r),
            _ => throw new ArgumentException("not a CRL request", nameof(request)),
        };
        while (true)
        {
            var frame = await client.RequestAsync(type, body, id, TimeSpan.FromSeconds(300));
            if (frame.Type == MessageType.CrlResponse)
            {
                return MessageCodec.Deserialize<CrlResponse>(frame.Body);
            }

            var error = MessageCodec.Deserialize<ErrorResponse>(frame.Body);
            if (error.Code != ErrorCode.RetryLater)
            {
                throw new InvalidOperationException($"{error.Code}: {error.Message}");
            }

            await Task.Delay(20);
        }
    }

    private static byte[] NewCsr(int i)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = string.Create(CultureInfo.InvariantCulture, $"crl{i}.bench.example.test");
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequest();
    }

    private static double PeakRssMegabytes(int? pid) =>
        pid is { } p
            ? double.Parse(File.ReadLines($"/proc/{p}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024
            : double.NaN;
}
