using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Tests.Framing;

public sealed class FrameReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReadsConsecutiveFramesThenEndOfStream()
    {
        byte[] a = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "a"));
        byte[] b = FrameCodec.Encode(MessageType.CaCertRequest, Samples.Body(MessageType.CaCertRequest, "b"));
        var reader = new FrameReader(new MemoryStream([.. a, .. b]));

        Assert.Equal("a", MessageCodec.PeekRequestId((await ReadFrameAsync(reader)).Body));
        Assert.Equal("b", MessageCodec.PeekRequestId((await ReadFrameAsync(reader)).Body));
        Assert.True((await reader.ReadAsync(CancellationToken.None)).EndOfStream);
        Assert.True((await reader.ReadAsync(CancellationToken.None)).EndOfStream);
    }

    [Fact]
    public async Task EmptyFramesAreIgnored()
    {
        byte[] a = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest));
        var reader = new FrameReader(new MemoryStream([0, 0, 0, .. a, 0, 0]));
        Assert.Equal(MessageType.StatusRequest, (await ReadFrameAsync(reader)).Type);
        Assert.True((await reader.ReadAsync(CancellationToken.None)).EndOfStream);
    }

    [Fact]
    public async Task OversizeIsReportedOnceThenTheNextFrameIsReadWithoutGrowingBuffers()
    {
        byte[] noise = new byte[200 * 1024];
        new Random(1).NextBytes(noise);
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = noise[i] == 0 ? (byte)0x55 : noise[i];
        }

        byte[] valid = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "after"));
        var reader = new FrameReader(new MemoryStream([.. noise, 0, .. valid]));
        int capacity = reader.BufferCapacity;

        // Fixed buffers, sized from the limit and well below the noise length.
        Assert.True(capacity < noise.Length);
        Assert.True(capacity <= ProtocolLimits.MaxEncodedFrame + ProtocolLimits.MaxPayload + 4096);

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        FrameReadResult first = await reader.ReadAsync(CancellationToken.None);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(FrameErrorKind.Oversize, first.Error);

        // MemoryStream completes synchronously, so all work happened on this thread.
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes while discarding");

        Frame frame = await ReadFrameAsync(reader);
        Assert.Equal("after", MessageCodec.PeekRequestId(frame.Body));
        Assert.Equal(capacity, reader.BufferCapacity);
        Assert.True((await reader.ReadAsync(CancellationToken.None)).EndOfStream);
    }

    [Fact]
    public async Task TruncatedFrameEndsWithEndOfStream()
    {
        byte[] wire = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest));
        var reader = new FrameReader(new MemoryStream(wire[..(wire.Length / 2)]));
        FrameReadResult result = await reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.True(result.EndOfStream);
    }

    [Fact]
    public async Task GarbageBetweenFramesFailsOneFrameOnly()
    {
        byte[] a = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "a"));
        byte[] b = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "b"));
        byte[] garbage = "ATZ\r\nNO CARRIER\r\n"u8.ToArray();
        var reader = new FrameReader(new MemoryStream([.. a, .. garbage, .. b]));

        Assert.Equal("a", MessageCodec.PeekRequestId((await ReadFrameAsync(reader)).Body));

        // Garbage glued onto frame b's bytes: that one frame fails, nothing else.
        FrameReadResult broken = await reader.ReadAsync(CancellationToken.None);
        Assert.False(broken.IsFrame);
        Assert.NotNull(broken.Error);
        Assert.True((await reader.ReadAsync(CancellationToken.None)).EndOfStream);

        // With a delimiter after the garbage (a sender's leading 0x00), frame b survives.
        reader = new FrameReader(new MemoryStream([.. a, .. garbage, 0, .. b]));
        Assert.Equal("a", MessageCodec.PeekRequestId((await ReadFrameAsync(reader)).Body));
        Assert.NotNull((await reader.ReadAsync(CancellationToken.None)).Error);
        Assert.Equal("b", MessageCodec.PeekRequestId((await ReadFrameAsync(reader)).Body));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(-2)]
    public async Task ResynchronisesAfterALostByte(int position)
    {
        byte[] a = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "a"));
        byte[] b = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "b"));
        int drop = position >= 0 ? position : a.Length + position;
        byte[] damaged = [.. a[..drop], .. a[(drop + 1)..]];
        var reader = new FrameReader(new MemoryStream([.. damaged, .. b]));

        FrameReadResult first = await reader.ReadAsync(CancellationToken.None);
        Assert.False(first.IsFrame);
        Assert.True(first.Error is FrameErrorKind.CrcMismatch or FrameErrorKind.BadCobs, $"got {first.Error}");
        Assert.Equal("b", MessageCodec.PeekRequestId((await ReadFrameAsync(reader)).Body));
    }

    [Fact]
    public async Task LostDelimiterMergesTwoFramesIntoOneFailure()
    {
        byte[] a = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "a"));
        byte[] b = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "b"));
        byte[] c = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "c"));
        var reader = new FrameReader(new MemoryStream([.. a[..^1], .. b, .. c]));

        Assert.NotNull((await reader.ReadAsync(CancellationToken.None)).Error);
        Assert.Equal("c", MessageCodec.PeekRequestId((await ReadFrameAsync(reader)).Body));
    }

    [Fact]
    public async Task BadVersionAndTooShortAreReportedAndReadingGoesOn()
    {
        byte[] badVersion = WireBuilder.Wire(WireBuilder.Payload(7, 1, [0x90]));
        byte[] tooShort = WireBuilder.Wire([1, 2, 3]);
        byte[] good = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest));
        var reader = new FrameReader(new MemoryStream([.. badVersion, .. tooShort, .. good]));

        Assert.Equal(FrameErrorKind.BadVersion, (await reader.ReadAsync(CancellationToken.None)).Error);
        Assert.Equal(FrameErrorKind.TooShort, (await reader.ReadAsync(CancellationToken.None)).Error);
        Assert.Equal(MessageType.StatusRequest, (await ReadFrameAsync(reader)).Type);
    }

    [Fact]
    public async Task SmallerConfiguredLimitIsEnforced()
    {
        byte[] big = FrameCodec.Encode(MessageType.StatusRequest, new byte[1000]);
        byte[] small = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest));
        var reader = new FrameReader(new MemoryStream([.. big, .. small]), maxPayload: 512);

        Assert.Equal(FrameErrorKind.Oversize, (await reader.ReadAsync(CancellationToken.None)).Error);
        Assert.Equal(MessageType.StatusRequest, (await ReadFrameAsync(reader)).Type);
    }

    [Fact]
    public async Task ReadsFramesDeliveredOneByteAtATime()
    {
        byte[] a = FrameCodec.Encode(MessageType.SignX509Request, Samples.Body(MessageType.SignX509Request, "slow"));
        var reader = new FrameReader(new OneByteStream([0, .. a]));
        Assert.Equal("slow", MessageCodec.PeekRequestId((await ReadFrameAsync(reader)).Body));
    }

    [Fact]
    public async Task BodyIsNotOverwrittenByTheNextRead()
    {
        byte[] a = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "first"));
        byte[] b = FrameCodec.Encode(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "second"));
        var reader = new FrameReader(new MemoryStream([.. a, .. b]));
        Frame first = await ReadFrameAsync(reader);
        await ReadFrameAsync(reader);
        Assert.Equal("first", MessageCodec.PeekRequestId(first.Body));
    }

    [Fact]
    public async Task EioFromTheStreamIsEndOfStream()
    {
        var reader = new FrameReader(new ThrowingStream(new IOException("Input/output error", 5)));
        Assert.True((await reader.ReadAsync(CancellationToken.None)).EndOfStream);

        var other = new FrameReader(new ThrowingStream(new IOException("other", 13)));
        await Assert.ThrowsAsync<IOException>(() => other.ReadAsync(CancellationToken.None).AsTask());
    }

    private static async Task<Frame> ReadFrameAsync(FrameReader reader)
    {
        FrameReadResult result = await reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.True(result.IsFrame, $"expected a frame, got error={result.Error} end={result.EndOfStream}");
        return result.Frame.Value;
    }

    private sealed class OneByteStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }

    private sealed class ThrowingStream(Exception exception) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(exception);
    }
}
