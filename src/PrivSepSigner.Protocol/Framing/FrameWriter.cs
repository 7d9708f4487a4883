namespace PrivSepSigner.Protocol.Framing;

/// <summary>
/// Writes whole frames to a stream. Thread-safe: concurrent writers never interleave bytes of
/// two frames. Each frame is flushed, so a request is on the wire when the call returns.
/// </summary>
public sealed class FrameWriter
{
    private readonly Stream stream;
    // Never disposed on purpose: it has no wait handle unless AvailableWaitHandle is touched.
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Creates a writer over <paramref name="stream"/>; the stream stays owned by the caller.</summary>
    public FrameWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        this.stream = stream;
    }

    /// <summary>Encodes and writes one frame, then flushes.</summary>
    /// <exception cref="ArgumentException">The body is longer than <see cref="ProtocolLimits.MaxBody"/>.</exception>
    public async ValueTask WriteAsync(MessageType type, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        byte[] wire = FrameCodec.Encode(type, body.Span);
        await WriteRawAsync(wire, ct).ConfigureAwait(false);
    }

    /// <summary>Writes a lone 0x00 so the peer's reader drops any line noise before the next frame.</summary>
    public ValueTask WriteFlushDelimiterAsync(CancellationToken ct) => WriteRawAsync(new byte[] { 0 }, ct);

    private async ValueTask WriteRawAsync(ReadOnlyMemory<byte> wire, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await this.stream.WriteAsync(wire, ct).ConfigureAwait(false);
            await this.stream.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
