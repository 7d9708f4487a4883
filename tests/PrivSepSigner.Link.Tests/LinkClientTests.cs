using System.Net.Sockets;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Tests;
using PrivSepSigner.Protocol.Chunking;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Link.Tests;

public sealed class LinkClientTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pss-link-");
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public LinkClientTests()
    {
        SocketPath = Path.Combine(dir.FullName, "link.sock");
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        listener.Listen(1);
    }

    private string SocketPath { get; }

    public void Dispose()
    {
        listener.Dispose();
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task TwentyPipelinedRequestsAnsweredOutOfOrder()
    {
        const int Count = 20;
        Task server = ServeAsync(async (reader, writer) =>
        {
            var requests = new List<Frame>();
            while (requests.Count < Count)
            {
                FrameReadResult result = await reader.ReadAsync(CancellationToken.None);
                Assert.False(result.EndOfStream);
                if (result.IsFrame)
                {
                    requests.Add(result.Frame.Value);
                }
            }

            // A frame nobody waits for must be dropped, not confuse the matching.
            await writer.WriteAsync(MessageType.StatusResponse, StatusBody("nobody-asked"), CancellationToken.None);
            foreach (Frame request in Enumerable.Reverse(requests))
            {
                string id = MessageCodec.PeekRequestId(request.Body);
                await writer.WriteAsync(MessageCodec.ResponseTypeFor(request.Type), StatusBody(id), CancellationToken.None);
            }
        });

        await using LinkClient client = LinkClient.Open(SocketPath);
        Task<Frame>[] calls = Enumerable.Range(0, Count)
            .Select(i => client.RequestAsync(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, $"id-{i}"), $"id-{i}", Timeout))
            .ToArray();
        Frame[] answers = await Task.WhenAll(calls).WaitAsync(Timeout);

        for (int i = 0; i < Count; i++)
        {
            Assert.Equal(MessageType.StatusResponse, answers[i].Type);
            Assert.Equal($"id-{i}", MessageCodec.Deserialize<StatusResponse>(answers[i].Body).RequestId);
        }

        await server.WaitAsync(Timeout);
    }

    [Fact]
    public async Task NoAnswerIsATimeout()
    {
        var release = new TaskCompletionSource();
        Task server = ServeAsync(async (reader, _) =>
        {
            await reader.ReadAsync(CancellationToken.None);
            await release.Task;
        });

        await using (LinkClient client = LinkClient.Open(SocketPath))
        {
            await Assert.ThrowsAsync<TimeoutException>(() =>
                client.RequestAsync(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "slow"), "slow", TimeSpan.FromMilliseconds(200)));
        }

        release.SetResult();
        await server.WaitAsync(Timeout);
    }

    [Fact]
    public async Task PeerClosingFailsPendingRequests()
    {
        Task server = ServeAsync(async (reader, _) => await reader.ReadAsync(CancellationToken.None));

        await using LinkClient client = LinkClient.Open(SocketPath);
        await Assert.ThrowsAsync<IOException>(() =>
            client.RequestAsync(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "bye"), "bye", Timeout));
        await server.WaitAsync(Timeout);
    }

    [Fact]
    public async Task DuplicateInFlightIdIsMisuse()
    {
        var release = new TaskCompletionSource();
        Task server = ServeAsync(async (_, _) => await release.Task);

        await using (LinkClient client = LinkClient.Open(SocketPath))
        {
            Task<Frame> first = client.RequestAsync(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "dup"), "dup", TimeSpan.FromMilliseconds(500));
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                client.RequestAsync(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "dup"), "dup", Timeout));
            await Assert.ThrowsAsync<TimeoutException>(() => first);
        }

        release.SetResult();
        await server.WaitAsync(Timeout);
    }

    [Fact]
    public async Task An_answer_in_pieces_is_returned_as_one_frame_and_the_timeout_counts_from_the_last_piece()
    {
        var crl = System.Security.Cryptography.RandomNumberGenerator.GetBytes(300_000);
        var body = MessageCodec.Serialize(new CrlResponse { RequestId = "big", Root = "root-ec", Crl = crl, CrlNumber = 2, BaseCrlNumber = 0, NextUpdateUnixMs = Samples.Now });
        Task server = ServeAsync(async (reader, writer) =>
        {
            while (!(await reader.ReadAsync(CancellationToken.None)).IsFrame)
            {
            }

            // Slower than the client's timeout in all (5 pieces of 65,000 bytes, 1 s apart: 5 s against
            // 3 s), each piece well within it (2 s to spare, so a stalled test machine does not fail it);
            // another answer in between.
            var segments = new[] { (ReadOnlyMemory<byte>)body }.ToAsyncEnumerable();
            var first = true;
            await foreach (var piece in AnswerChunking.SplitAsync("big", MessageType.CrlResponse, body.Length, System.Security.Cryptography.SHA256.HashData(body), segments))
            {
                await writer.WriteAsync(MessageType.AnswerChunk, piece, CancellationToken.None);
                if (first)
                {
                    await writer.WriteAsync(MessageType.StatusResponse, StatusBody("someone-else"), CancellationToken.None);
                    first = false;
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        });

        await using LinkClient client = LinkClient.Open(SocketPath);
        var frame = await client.RequestAsync(MessageType.CrlRequest, Samples.Body(MessageType.CrlRequest, "big"), "big", TimeSpan.FromSeconds(3));

        Assert.Equal(MessageType.CrlResponse, frame.Type);
        Assert.Equal(crl, MessageCodec.Deserialize<CrlResponse>(frame.Body).Crl);
        await server.WaitAsync(Timeout);
    }

    [Fact]
    public async Task An_answer_missing_a_piece_fails_its_request_with_a_clear_error()
    {
        var body = new byte[200_000];
        Task server = ServeAsync(async (reader, writer) =>
        {
            while (!(await reader.ReadAsync(CancellationToken.None)).IsFrame)
            {
            }

            var n = 0;
            await foreach (var piece in AnswerChunking.SplitAsync("lossy", MessageType.CrlResponse, body.Length, System.Security.Cryptography.SHA256.HashData(body), new[] { (ReadOnlyMemory<byte>)body }.ToAsyncEnumerable()))
            {
                if (n++ != 1)
                {
                    await writer.WriteAsync(MessageType.AnswerChunk, piece, CancellationToken.None);
                }
            }
        });

        await using LinkClient client = LinkClient.Open(SocketPath);
        var e = await Assert.ThrowsAsync<IOException>(() => client.RequestAsync(MessageType.CrlRequest, Samples.Body(MessageType.CrlRequest, "lossy"), "lossy", Timeout));
        Assert.Contains("was lost", e.Message);
        Assert.Contains("resend", e.Message);
        await server.WaitAsync(Timeout);
    }

    private static byte[] StatusBody(string id) => MessageCodec.Serialize(new StatusResponse
    {
        RequestId = id,
        ProtocolVersion = ProtocolLimits.Version,
        SignerTimeUnixMs = Samples.Now,
        ClockOffsetMs = 0,
        SpoolDepth = 0,
        Roots = [],
        Crls = [],
        PgpFingerprint = null,
        IssuedTotal = 0,
        StartedUnixMs = Samples.Now,
    });

    // Accepts one connection, checks the client's leading 0x00, then runs the handler.
    private Task ServeAsync(Func<FrameReader, FrameWriter, Task> handler) => Task.Run(async () =>
    {
        using Socket socket = await listener.AcceptAsync();
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        byte[] first = new byte[1];
        await stream.ReadExactlyAsync(first);
        Assert.Equal(0, first[0]);
        await handler(new FrameReader(stream), new FrameWriter(stream));
    });
}
