namespace PrivSepSigner.Protocol.Framing;

/// <summary>
/// Reads frames from a byte stream with fixed buffers sized from the payload limit. Hostile
/// or noisy input is reported as <see cref="FrameReadResult"/> errors and never makes the
/// buffers grow: an over-long frame is reported once as <see cref="FrameErrorKind.Oversize"/>
/// and the rest of it is discarded up to the next 0x00.
/// </summary>
/// <remarks>Not thread-safe: one reader loop per link.</remarks>
public sealed class FrameReader
{
    private const int ChunkSize = 4096;

    // errno EIO: a pty master read after the last slave fd closed fails with it (pty(7)).
    private const int Eio = 5;

    private readonly Stream stream;
    private readonly int maxPayload;
    private readonly byte[] chunk;
    private readonly byte[] encoded;
    private readonly byte[] payload;

    private int chunkStart;
    private int chunkEnd;
    private int encodedLength;
    private bool discarding;

    /// <summary>Creates a reader over <paramref name="stream"/> accepting payloads up to <paramref name="maxPayload"/> bytes.</summary>
    public FrameReader(Stream stream, int maxPayload = ProtocolLimits.MaxPayload)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayload, ProtocolLimits.MinPayload);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayload, ProtocolLimits.MaxPayload);
        this.stream = stream;
        this.maxPayload = maxPayload;
        chunk = new byte[ChunkSize];
        encoded = new byte[Cobs.MaxEncodedLength(maxPayload)];
        this.payload = new byte[maxPayload];
    }

    /// <summary>Total bytes of the fixed buffers; it never changes after construction.</summary>
    public int BufferCapacity => chunk.Length + encoded.Length + this.payload.Length;

    /// <summary>
    /// Reads the next frame, framing error, or end of stream. Empty frames (0x00 0x00) are
    /// skipped. A partial frame at the end of the stream is dropped.
    /// </summary>
    public async ValueTask<FrameReadResult> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            if (chunkStart == chunkEnd)
            {
                int read = await FillAsync(ct).ConfigureAwait(false);
                if (read == 0)
                {
                    encodedLength = 0;
                    discarding = false;
                    return FrameReadResult.End;
                }

                chunkStart = 0;
                chunkEnd = read;
            }

            if (TryConsumeChunk(out FrameReadResult result))
            {
                return result;
            }
        }
    }

    // Consumes buffered bytes up to and including the next 0x00; true when there is a result.
    private bool TryConsumeChunk(out FrameReadResult result)
    {
        ReadOnlySpan<byte> available = chunk.AsSpan(chunkStart, chunkEnd - chunkStart);
        int delimiter = available.IndexOf((byte)0);
        ReadOnlySpan<byte> data = delimiter < 0 ? available : available[..delimiter];
        chunkStart += delimiter < 0 ? available.Length : delimiter + 1;

        bool oversizeNow = false;
        if (!discarding)
        {
            if (data.Length > encoded.Length - encodedLength)
            {
                // Limit exceeded while accumulating: report once, then drop up to the next 0x00.
                discarding = true;
                encodedLength = 0;
                oversizeNow = true;
            }
            else
            {
                data.CopyTo(encoded.AsSpan(encodedLength));
                encodedLength += data.Length;
            }
        }

        if (delimiter >= 0)
        {
            bool wasDiscarding = discarding;
            int length = encodedLength;
            discarding = false;
            encodedLength = 0;
            if (!wasDiscarding && length > 0)
            {
                result = FrameCodec.DecodePayload(encoded.AsSpan(0, length), this.payload, this.maxPayload);
                return true;
            }
        }

        result = oversizeNow ? FrameReadResult.Failed(FrameErrorKind.Oversize) : default;
        return oversizeNow;
    }

    private async ValueTask<int> FillAsync(CancellationToken ct)
    {
        try
        {
            return await this.stream.ReadAsync(chunk.AsMemory(), ct).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.HResult == Eio)
        {
            return 0;
        }
    }
}
