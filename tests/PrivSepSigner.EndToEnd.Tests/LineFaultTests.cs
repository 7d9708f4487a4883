using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// A noisy line between the front end and the comm handler: a pump flips, drops and
/// duplicates bytes in both directions. CRC rejects damaged frames, the front end resends
/// with the same request id after a timeout, and every request id ends with exactly one
/// certificate. A dead line hangs neither side.
/// </summary>
public sealed class LineFaultTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-line-");

    public LineFaultTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task Flipped_dropped_and_duplicated_bytes_cost_resends_never_a_second_certificate()
    {
        var pump = new NoisyPump(Path.Combine(work.FullName, "noisy.sock"), host.Link, faultRate: 0.0001, seed: 7);
        using var pumping = new CancellationTokenSource();
        var pumpTask = pump.RunAsync(pumping.Token);
        var run = Guid.NewGuid().ToString("N")[..8];
        const int Requests = 40;
        for (var i = 0; i < Requests; i++)
        {
            var id = $"noisy-{run}-{i}";
            var body = MessageCodec.Serialize(new SignX509Request { RequestId = id, FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Root = "root-ec", Profile = "server", Csr = TestCsrs.DotNetP256("noisy.example.test") });
            var answered = false;
            for (var attempt = 0; attempt < 30 && !answered; attempt++)
            {
                try
                {
                    await using var client = LinkClient.Open(pump.Path);
                    var frame = await client.RequestAsync(MessageType.SignX509Request, body, id, TimeSpan.FromSeconds(2));
                    answered = frame.Type == MessageType.SignX509Response;
                }
                catch (Exception e) when (e is TimeoutException or IOException or SocketException)
                {
                    // damaged on the way: resend the same request id
                }
            }

            Assert.True(answered, $"{id} was never answered");
        }

        Assert.True(pump.Faults > 0, "the pump must actually have damaged the line");
        using var db = new SqliteConnection($"Data Source={Path.Combine(host.Dir, "state", "issuance.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*), COUNT(DISTINCT request_id) FROM certificates WHERE request_id LIKE $p;";
        cmd.Parameters.AddWithValue("$p", $"noisy-{run}-%");
        using var row = cmd.ExecuteReader();
        Assert.True(row.Read());
        Assert.Equal(Requests, row.GetInt64(0));
        Assert.Equal(Requests, row.GetInt64(1));
        await pumping.CancelAsync();
        await pumpTask;
    }

    [Fact]
    public async Task A_dead_line_times_out_the_front_end_and_the_comm_handler_keeps_serving()
    {
        var dead = new NoisyPump(Path.Combine(work.FullName, "dead.sock"), host.Link, faultRate: 1.0, seed: 1); // drops everything
        using var stop = new CancellationTokenSource();
        var task = dead.RunAsync(stop.Token);
        await using (var client = LinkClient.Open(dead.Path))
        {
            var body = MessageCodec.Serialize(new StatusRequest { RequestId = "dead-1", FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
            await Assert.ThrowsAsync<TimeoutException>(() => client.RequestAsync(MessageType.StatusRequest, body, "dead-1", TimeSpan.FromSeconds(2)));
        }

        var healthy = await Tool.Cli("status", "--link", host.Link, "--timeout", "10");
        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        await stop.CancelAsync();
        await task;
    }

    public void Dispose() => work.Delete(recursive: true);

    /// <summary>Accepts front ends on its own socket and relays to the real link, damaging bytes at a given rate.</summary>
    private sealed class NoisyPump(string path, string target, double faultRate, int seed)
    {
        private readonly Random random = new(seed);
        private readonly Lock gate = new();
        private int faults;

        public string Path { get; } = path;

        public int Faults => Volatile.Read(ref faults);

        public async Task RunAsync(CancellationToken ct)
        {
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(Path));
            listener.Listen(16);
            var relays = new List<Task>();
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var front = await listener.AcceptAsync(ct);
                    var back = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await back.ConnectAsync(new UnixDomainSocketEndPoint(target), ct);
                    relays.Add(RelayAsync(front, back, ct));
                    relays.Add(RelayAsync(back, front, ct));
                }
            }
            catch (OperationCanceledException)
            {
            }

            await Task.WhenAll(relays).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        private async Task RelayAsync(Socket from, Socket to, CancellationToken ct)
        {
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var n = await from.ReceiveAsync(buffer, ct);
                    if (n == 0)
                    {
                        break;
                    }

                    var output = new List<byte>(n + 8);
                    for (var i = 0; i < n; i++)
                    {
                        double roll;
                        int kind;
                        lock (gate)
                        {
                            roll = random.NextDouble();
                            kind = random.Next(3);
                        }

                        if (roll >= faultRate)
                        {
                            output.Add(buffer[i]);
                            continue;
                        }

                        Interlocked.Increment(ref faults);
                        if (faultRate >= 1.0 || kind == 0)
                        {
                            continue; // dropped
                        }

                        output.Add(kind == 1 ? (byte)(buffer[i] ^ 0x10) : buffer[i]); // flipped
                        if (kind == 2)
                        {
                            output.Add(buffer[i]); // duplicated
                        }
                    }

                    if (output.Count > 0)
                    {
                        await to.SendAsync(output.ToArray(), ct);
                    }
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                from.Dispose();
                to.Dispose();
            }
        }
    }
}
