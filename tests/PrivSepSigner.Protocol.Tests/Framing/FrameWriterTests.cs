using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Tests.Framing;

public sealed class FrameWriterTests
{
    [Fact]
    public async Task ConcurrentWritersNeverInterleaveFrames()
    {
        var stream = new MemoryStream();
        var writer = new FrameWriter(stream);
        Task[] writes = Enumerable.Range(0, 50)
            .Select(i => Task.Run(async () => await writer.WriteAsync(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, $"id-{i}"), CancellationToken.None)))
            .ToArray();
        await Task.WhenAll(writes);

        stream.Position = 0;
        var reader = new FrameReader(stream);
        var seen = new HashSet<string>();
        while (true)
        {
            FrameReadResult result = await reader.ReadAsync(CancellationToken.None);
            if (result.EndOfStream)
            {
                break;
            }

            Assert.True(result.IsFrame);
            seen.Add(MessageCodec.PeekRequestId(result.Frame.Value.Body));
        }

        Assert.Equal(50, seen.Count);
    }

    [Fact]
    public async Task WritesExactlyTheEncodedBytes()
    {
        var stream = new MemoryStream();
        byte[] body = Samples.Body(MessageType.CaCertRequest);
        await new FrameWriter(stream).WriteAsync(MessageType.CaCertRequest, body, CancellationToken.None);
        Assert.Equal(FrameCodec.Encode(MessageType.CaCertRequest, body), stream.ToArray());
    }
}
