using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// A front end that stops reading (a stalled serial line) must not stall the signer: over a
/// pseudo-terminal, 200 requests are all issued and recorded while nothing is read (about
/// 150 KB of answers, more than the pty buffers, back up in the comm handler and the spool);
/// when the front end reads again, all 200 answers arrive, each once.
/// </summary>
public sealed class StalledLinkTests : IAsyncLifetime
{
    private const int Requests = 200;
    private SignerHost host = null!;

    public async Task InitializeAsync() => host = await SignerHost.StartAsync("pty");

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_signer_keeps_issuing_while_the_front_end_reads_nothing_and_no_answer_is_lost()
    {
        await using var stream = LinkStream.OpenClient(host.Link);
        stream.WriteByte(0);
        var before = host.IssuedSerials().Count;
        var ids = Enumerable.Range(0, Requests).Select(i => $"stalled-{i}").ToHashSet(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var body = MessageCodec.Serialize(new SignX509Request
            {
                RequestId = id,
                FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Root = "root-ec",
                Profile = "server",
                Csr = TestCsrs.DotNetP256($"{id}.example.test"),
            });
            await stream.WriteAsync(FrameCodec.Encode(MessageType.SignX509Request, body));
        }

        await stream.FlushAsync();

        // Nothing is read, yet every request is issued and recorded.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (host.IssuedSerials().Count < before + Requests && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(host.IssuedSerials().Count >= before + Requests, $"issued {host.IssuedSerials().Count - before} of {Requests} while the line was stalled\n{host.Log}");

        // The front end reads again: every answer is there, once.
        var reader = new FrameReader(stream);
        var answered = new HashSet<string>(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (answered.Count < Requests)
        {
            var result = await reader.ReadAsync(timeout.Token);
            Assert.False(result.EndOfStream, "the link closed");
            if (result.Frame is { Type: MessageType.SignX509Response } frame)
            {
                var id = MessageCodec.Deserialize<SignX509Response>(frame.Body).RequestId;
                Assert.Contains(id, ids);
                Assert.True(answered.Add(id), $"{id} answered twice");
            }
        }
    }
}
