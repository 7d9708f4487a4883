using System.Net.Sockets;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// Link noise must not be amplified into the log channel: every 2-byte frame used to cost an
/// error answer and a sealed log line of some 300 bytes (x56 in the review, enough to fill the
/// collector's queue on a 115200-baud line). The comm handler logs the first framing error of an
/// interval and sums up the rest in one line with counts; the session goes on serving.
/// </summary>
public sealed class LinkNoiseTests : IClassFixture<UnixHostFixture>
{
    private const int Frames = 20_000;

    private readonly SignerHost host;

    public LinkNoiseTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task A_flood_of_two_byte_frames_costs_a_bounded_number_of_log_lines()
    {
        var syslog = Path.Combine(host.Dir, "syslog.out");
        var logBefore = new FileInfo(syslog).Length;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(host.Link));
        await using var stream = new NetworkStream(socket);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Whatever is answered is read, so the comm handler never waits on a full socket.
        var answers = new List<Frame>();
        var reader = new FrameReader(stream);
        var draining = Task.Run(async () =>
        {
            while (true)
            {
                var r = await reader.ReadAsync(cts.Token);
                if (r.EndOfStream)
                {
                    return;
                }

                if (r.Frame is { } f)
                {
                    lock (answers)
                    {
                        answers.Add(f);
                    }
                }
            }
        });

        // 0x13 0x00: a COBS code announcing 18 bytes that never come, then the delimiter.
        var noise = new byte[Frames * 2];
        for (var i = 0; i < noise.Length; i += 2)
        {
            noise[i] = 0x13;
        }

        await stream.WriteAsync(noise, cts.Token);

        // The session still serves a valid request after the flood.
        await stream.WriteAsync(FrameCodec.Encode(MessageType.StatusRequest, MessageCodec.Serialize(new StatusRequest { RequestId = "after-noise", FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() })), cts.Token);
        await WaitUntilAsync(() => { lock (answers) { return answers.Any(a => a.Type == MessageType.StatusResponse); } }, cts.Token);

        // One line in full for the first error, one summing up the rest once the interval ends.
        await Task.Delay(1000); // the journal copy is written by its own thread
        Assert.InRange(NoiseLines().Count, 1, 3);
        await WaitUntilAsync(() => host.Log.Contains("more framing errors in the last", StringComparison.Ordinal), cts.Token);
        await Task.Delay(500);
        var lines = NoiseLines();
        Assert.True(lines.Count is >= 2 and <= 6, string.Join("\n", lines));
        Assert.True(lines.Exists(l => l.Contains("frame rejected: BadCobs", StringComparison.Ordinal)), string.Join("\n", lines));
        var summary = lines.Single(l => l.Contains("more framing errors in the last", StringComparison.Ordinal));
        Assert.Contains($"{Frames - 1} more framing errors", summary);
        Assert.Contains($"BadCobs {Frames - 1}", summary);

        // And the answers: the first one, not twenty thousand.
        lock (answers)
        {
            Assert.InRange(answers.Count(a => a.Type == MessageType.ErrorResponse), 1, 5);
        }

        Assert.InRange(new FileInfo(syslog).Length - logBefore, 0, 64 * 1024);
        socket.Shutdown(SocketShutdown.Send);
        await draining.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(host.ExitCode);
    }

    private List<string> NoiseLines() =>
        host.Log.Split('\n').Where(l => l.Contains("privsep-comm", StringComparison.Ordinal) && (l.Contains("frame rejected", StringComparison.Ordinal) || l.Contains("framing errors", StringComparison.Ordinal))).ToList();

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(100, ct);
        }
    }
}
