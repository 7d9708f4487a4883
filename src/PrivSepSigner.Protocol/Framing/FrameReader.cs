namespace PrivSepSigner.Protocol;

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

    private readonly Stream _stream;
    private readonly int _maxPayload;
    private readonly byte[] _chunk;
    private readonly byte[] _encoded;
    private readonly byte[] _payload;

    private int _chunkStart;
    private int _chunkEnd;
    private int _encodedLength;
    private bool _discarding;

    /// <summary>Creates a reader over <paramref name="stream"/> accepting payloads up to <paramref name="maxPayload"/> bytes.</summary>
    public FrameReader(Stream stream, int maxPayload = ProtocolLimits.MaxPayload)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayload, ProtocolLimits.MinPayload);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayload, ProtocolLimits.MaxPayload);
        _stream = stream;
        _maxPayload = maxPayload;
        _chunk = new byte[ChunkSize];
        _encoded = new byte[Cobs.MaxEncodedLength(maxPayload)];
        _payload = new byte[maxPayload];
    }

    /// <summary>Total bytes of the fixed buffers; it never changes after construction.</summary>
    public int BufferCapacity => _chunk.Length + _encoded.Length + _payload.Length;

    /// <summary>
    /// Reads the next frame, framing error, or end of stream. Empty frames (0x00 0x00) are
    /// skipped. A partial frame at the end of the stream is dropped.
    /// </summary>
    public async ValueTask<FrameReadResult> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_chunkStart == _chunkEnd)
            {
                int read = await FillAsync(ct).ConfigureAwait(false);
                if (read == 0)
                {
                    _encodedLength = 0;
                    _discarding = false;
                    return FrameReadResult.End;
                }

                _chunkStart = 0;
                _chunkEnd = read;
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
        ReadOnlySpan<byte> available = _chunk.AsSpan(_chunkStart, _chunkEnd - _chunkStart);
        int delimiter = available.IndexOf((byte)0);
        ReadOnlySpan<byte> data = delimiter < 0 ? available : available[..delimiter];
        _chunkStart += delimiter < 0 ? available.Length : delimiter + 1;

        bool oversizeNow = false;
        if (!_discarding)
        {
            if (data.Length > _encoded.Length - _encodedLength)
            {
                // Limit exceeded while accumulating: report once, then drop up to the next 0x00.
                _discarding = true;
                _encodedLength = 0;
                oversizeNow = true;
            }
            else
            {
                data.CopyTo(_encoded.AsSpan(_encodedLength));
                _encodedLength += data.Length;
            }
        }

        if (delimiter >= 0)
        {
            bool wasDiscarding = _discarding;
            int length = _encodedLength;
            _discarding = false;
            _encodedLength = 0;
            if (!wasDiscarding && length > 0)
            {
                result = FrameCodec.DecodePayload(_encoded.AsSpan(0, length), _payload, _maxPayload);
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
            return await _stream.ReadAsync(_chunk.AsMemory(), ct).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.HResult == Eio)
        {
            return 0;
        }
    }
}
