using System.Net.Sockets;
using System.Text.Json.Nodes;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// The unix-socket link serves many connections, so it caps them and closes idle ones: 3,000
/// idle connections used to hold the comm handler at 715 MB. One connection over the cap is
/// told to retry later and closed; an idle one is closed after link.idleTimeoutSeconds.
/// </summary>
public sealed class LinkConnectionLimitTests
{
    private const int Cap = 4;
    private const int IdleSeconds = 3;

    [Fact]
    public async Task Connections_beyond_the_cap_are_refused_and_idle_ones_closed()
    {
        await using var host = await SignerHost.StartAsync("unix", configure: c =>
        {
            c["link"]!["maxConnections"] = Cap;
            c["link"]!["idleTimeoutSeconds"] = IdleSeconds;
            c["limits"] = new JsonObject { ["answerTimeoutSeconds"] = 2 };
        });
        await Task.Delay(500); // the readiness probe's connection is gone

        var idle = new List<Socket>();
        var opened = DateTimeOffset.UtcNow;
        try
        {
            for (var i = 0; i < Cap; i++)
            {
                idle.Add(await ConnectAsync(host.Link));
            }

            // One more: "retry later", then the end of the stream.
            using (var extra = await ConnectAsync(host.Link))
            {
                await using var stream = new NetworkStream(extra);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var reader = new FrameReader(stream);
                var first = await reader.ReadAsync(cts.Token);
                Assert.True(first.Frame is { Type: MessageType.ErrorResponse }, $"no refusal: {first.Error} {first.EndOfStream}\n{host.Log}");
                var refusal = MessageCodec.Deserialize<ErrorResponse>(first.Frame.Value.Body);
                Assert.Equal(ErrorCode.RetryLater, refusal.Code);
                Assert.Contains("too many connections", refusal.Message, StringComparison.Ordinal);
                Assert.True((await reader.ReadAsync(cts.Token)).EndOfStream);
            }

            // The idle ones are closed by the comm handler once the idle timeout has passed.
            foreach (var socket in idle)
            {
                await using var stream = new NetworkStream(socket, ownsSocket: false);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(IdleSeconds + 10));
                Assert.True((await new FrameReader(stream).ReadAsync(cts.Token)).EndOfStream);
            }

            Assert.InRange((DateTimeOffset.UtcNow - opened).TotalSeconds, IdleSeconds - 0.5, IdleSeconds + 10);
            await host.WaitForLogLineAsync("link connection closed: idle for 3 s"); // the log line may follow the close

            // A flood of connections: the cap holds, the comm handler stays small and serves again afterwards.
            var flood = new List<Socket>();
            for (var i = 0; i < 1_000; i++)
            {
                flood.Add(await ConnectAsync(host.Link));
            }

            await Task.Delay(1_000);
            Assert.InRange(SignerHost.RssKb(host.DaemonPid("privsep-comm")) / 1024, 1, 200);
            foreach (var socket in flood)
            {
                socket.Dispose();
            }

            await Task.Delay(500);
            await using var client = LinkClient.Open(host.Link);
            var body = MessageCodec.Serialize(new StatusRequest { RequestId = "after-limit", FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
            Assert.Equal(MessageType.StatusResponse, (await client.RequestAsync(MessageType.StatusRequest, body, "after-limit", TimeSpan.FromSeconds(10))).Type);
            Assert.Null(host.ExitCode);
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Connects; a full listen backlog (EAGAIN on a unix socket) is waited out, as a front end would.</summary>
    private static async Task<Socket> ConnectAsync(string path)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TryAgain || e.SocketErrorCode == SocketError.WouldBlock)
            {
                socket.Dispose();
                Assert.True(DateTimeOffset.UtcNow < deadline, "the listen backlog stayed full");
                await Task.Delay(10);
            }
        }
    }
}
