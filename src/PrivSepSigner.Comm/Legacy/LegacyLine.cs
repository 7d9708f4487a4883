namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// The byte level of the legacy link: single bytes and exact-length reads, each bounded by a
/// timeout, over a fixed read buffer. A timeout throws <see cref="TimeoutException"/>; the end
/// of the stream returns -1 / false. Not thread-safe: the session is the only reader and writer.
/// </summary>
internal sealed class LegacyLine
{
    private readonly Stream stream;
    private readonly byte[] chunk = new byte[4096];
    private int start;
    private int end;

    public LegacyLine(Stream stream) => this.stream = stream;

    /// <summary>Next byte, or -1 at the end of the stream; <paramref name="timeout"/> null waits until cancelled.</summary>
    public async ValueTask<int> ReadByteAsync(TimeSpan? timeout, CancellationToken ct)
    {
        if (start == end && !await FillAsync(timeout, ct))
        {
            return -1;
        }

        return chunk[start++];
    }

    /// <summary>Fills <paramref name="destination"/>; false at the end of the stream. Each underlying read is bounded by <paramref name="timeout"/>.</summary>
    public async ValueTask<bool> ReadExactAsync(Memory<byte> destination, TimeSpan timeout, CancellationToken ct)
    {
        while (!destination.IsEmpty)
        {
            if (start == end && !await FillAsync(timeout, ct))
            {
                return false;
            }

            var n = Math.Min(end - start, destination.Length);
            chunk.AsSpan(start, n).CopyTo(destination.Span);
            start += n;
            destination = destination[n..];
        }

        return true;
    }

    /// <summary>Discards input until the line has been silent for <paramref name="quiet"/> or <paramref name="limit"/> passed.</summary>
    public async ValueTask DrainAsync(TimeSpan quiet, TimeSpan limit, CancellationToken ct)
    {
        start = end = 0;
        var deadline = DateTimeOffset.UtcNow + limit;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                if (!await FillAsync(quiet, ct))
                {
                    return;
                }

                start = end = 0;
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await stream.WriteAsync(bytes, ct);
        await stream.FlushAsync(ct);
    }

    public ValueTask WriteByteAsync(byte b, CancellationToken ct) => WriteAsync(new[] { b }, ct);

    private async ValueTask<bool> FillAsync(TimeSpan? timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout is { } t)
        {
            limit.CancelAfter(t);
        }

        int n;
        try
        {
            n = await stream.ReadAsync(chunk, limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException("the line was silent too long");
        }

        start = 0;
        end = n;
        return n > 0;
    }
}
