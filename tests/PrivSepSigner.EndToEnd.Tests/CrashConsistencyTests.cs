using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// kill -9 at random points, many times, on both daemons, during a stream of 1,000
/// requests. Front ends resend with the same request id until answered (what the protocol
/// tells them to do). Afterwards every request id has exactly one certificate, every answer
/// for an id is the same certificate, no serial appears twice, the database holds exactly
/// what was answered, and the spool (including temporary directories) is empty.
/// </summary>
public sealed class CrashConsistencyTests : IClassFixture<UnixHostFixture>
{
    private const int Requests = 1000;
    private const int Workers = 4;
    private const int KillsEach = 20;

    private readonly SignerHost host;

    public CrashConsistencyTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task Repeated_sigkill_of_both_daemons_loses_nothing_and_issues_nothing_twice()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var csrs = Enumerable.Range(0, Requests).Select(_ => TestCsrs.DotNetP256("crash.example.test")).ToArray();
        var answers = new ConcurrentDictionary<int, byte[]>();
        var next = -1;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var kills = new Dictionary<string, int> { ["privsep-signerd"] = 0, ["privsep-comm"] = 0 };

        var killer = Task.Run(async () =>
        {
            var rng = new Random(42);
            var target = "privsep-signerd";
            while (kills.Values.Any(k => k < KillsEach) && !deadline.IsCancellationRequested)
            {
                await Task.Delay(rng.Next(150, 700));
                var pattern = $"{target} --config {host.Dir}/config.json";
                if ((await Tool.RunAsync("pkill", ["-KILL", "-f", pattern])).ExitCode == 0)
                {
                    kills[target]++;
                    target = target == "privsep-signerd" ? "privsep-comm" : "privsep-signerd";
                }
            }
        });

        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            LinkClient? link = null;
            try
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < Requests)
                {
                    var id = $"crash-{run}-{i}";
                    while (!answers.ContainsKey(i))
                    {
                        deadline.Token.ThrowIfCancellationRequested();
                        try
                        {
                            link ??= LinkClient.Open(host.Link);
                            var body = MessageCodec.Serialize(new SignX509Request { RequestId = id, FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Root = "root-ec", Profile = "server", Csr = csrs[i] });
                            var frame = await link.RequestAsync(MessageType.SignX509Request, body, id, TimeSpan.FromSeconds(8));
                            if (frame.Type == MessageType.SignX509Response)
                            {
                                answers[i] = MessageCodec.Deserialize<SignX509Response>(frame.Body).Certificate;
                                continue;
                            }

                            var error = MessageCodec.Deserialize<ErrorResponse>(frame.Body);
                            Assert.True(error.Code is ErrorCode.RetryLater or ErrorCode.Unavailable, $"{id}: {error.Code} {error.Message}");
                            await Task.Delay(100);
                        }
                        catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException)
                        {
                            if (link is not null)
                            {
                                await link.DisposeAsync();
                                link = null;
                            }

                            await Task.Delay(100);
                        }
                    }
                }
            }
            finally
            {
                if (link is not null)
                {
                    await link.DisposeAsync();
                }
            }
        })).ToArray();

        await Task.WhenAll(workers);
        await killer;
        Assert.True(kills.Values.All(k => k >= KillsEach), $"kills: signer {kills["privsep-signerd"]}, comm {kills["privsep-comm"]}");
        Assert.Equal(Requests, answers.Count);

        // Resending every id once more must return the very same certificates.
        await using (var link = await OpenWhenUpAsync())
        {
            foreach (var i in new[] { 0, 1, Requests / 2, Requests - 1 })
            {
                var id = $"crash-{run}-{i}";
                var frame = await link.RequestAsync(MessageType.SignX509Request, MessageCodec.Serialize(new SignX509Request { RequestId = id, FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Root = "root-ec", Profile = "server", Csr = csrs[i] }), id, TimeSpan.FromSeconds(30));
                Assert.Equal(answers[i], MessageCodec.Deserialize<SignX509Response>(frame.Body).Certificate);
            }
        }

        var serials = answers.Values.Select(d => X509CertificateLoader.LoadCertificate(d).SerialNumber).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(Requests, serials.Count);

        using (var db = new SqliteConnection($"Data Source={Path.Combine(host.Dir, "state", "issuance.db")};Mode=ReadOnly;Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT request_id, der FROM certificates WHERE request_id LIKE $p;";
            cmd.Parameters.AddWithValue("$p", $"crash-{run}-%");
            using var row = cmd.ExecuteReader();
            var inDb = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            while (row.Read())
            {
                Assert.True(inDb.TryAdd(row.GetString(0), (byte[])row.GetValue(1)), $"{row.GetString(0)} was issued twice");
            }

            Assert.Equal(Requests, inDb.Count);
            foreach (var (i, der) in answers)
            {
                Assert.Equal(der, inDb[$"crash-{run}-{i}"]);
            }
        }

        Assert.Empty(await host.WaitForEmptySpoolAsync(TimeSpan.FromSeconds(30)));
    }

    private async Task<LinkClient> OpenWhenUpAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return LinkClient.Open(host.Link);
            }
            catch (Exception e) when (attempt < 100 && e is IOException or System.Net.Sockets.SocketException)
            {
                await Task.Delay(100);
            }
        }
    }
}
