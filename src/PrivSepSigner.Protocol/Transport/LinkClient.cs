using System.Collections.Concurrent;

namespace PrivSepSigner.Protocol;

/// <summary>
/// The front end's side of the link. Several requests may be in flight at once (pipelining);
/// each answer is matched to its request by the request id in element [0] of the body.
/// Frames with an id nobody waits for are dropped.
/// </summary>
public sealed class LinkClient : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly FrameReader _reader;
    private readonly FrameWriter _writer;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Frame>> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;

    private volatile Exception? _closed;

    private LinkClient(Stream stream)
    {
        _stream = stream;
        _reader = new FrameReader(stream);
        _writer = new FrameWriter(stream);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Opens <paramref name="path"/> via <see cref="LinkStream.OpenClient"/>, flushes line noise and starts reading.</summary>
    public static LinkClient Open(string path) => Open(LinkStream.OpenClient(path));

    /// <summary>Wraps an already open stream (owned by the client from now on).</summary>
    public static LinkClient Open(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            // A lone 0x00 ends whatever partial frame line noise left in the peer's reader.
            stream.WriteByte(0);
            stream.Flush();
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return new LinkClient(stream);
    }

    /// <summary>
    /// Sends one request frame and waits for the frame whose request id is <paramref name="requestId"/>.
    /// </summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="IOException">The link closed.</exception>
    /// <exception cref="InvalidOperationException">A request with that id is already in flight.</exception>
    public async Task<Frame> RequestAsync(MessageType type, ReadOnlyMemory<byte> body, string requestId, TimeSpan timeout, CancellationToken ct = default)
    {
        MessageValidator.ValidateRequestId(requestId);
        var answer = new TaskCompletionSource<Frame>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(requestId, answer))
        {
            throw new InvalidOperationException($"Request id '{requestId}' is already in flight.");
        }

        try
        {
            ThrowIfClosed();
            await _writer.WriteAsync(type, body, ct).ConfigureAwait(false);

            // The read loop may have ended between TryAdd and now; it failed what it saw then.
            ThrowIfClosed();
            return await answer.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<string, TaskCompletionSource<Frame>>(requestId, answer));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);

        // Terminal reads poll in short slices and see the cancellation; the bound is a backstop.
        try
        {
            await _readLoop.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _stop.Dispose();
    }

    private void ThrowIfClosed()
    {
        if (_closed is { } reason)
        {
            throw new IOException("The link is closed.", reason);
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception reason = new EndOfStreamException("The peer closed the link.");
        try
        {
            while (true)
            {
                FrameReadResult result = await _reader.ReadAsync(_stop.Token).ConfigureAwait(false);
                if (result.EndOfStream)
                {
                    break;
                }

                // Framing errors are line noise or a lost frame: the request times out.
                if (result.IsFrame)
                {
                    Frame frame = result.Frame.Value;
                    string id = MessageCodec.PeekRequestId(frame.Body);
                    if (id.Length > 0 && _pending.TryGetValue(id, out TaskCompletionSource<Frame>? answer))
                    {
                        answer.TrySetResult(frame);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            reason = ex;
        }
        finally
        {
            _closed = reason;
            foreach (TaskCompletionSource<Frame> answer in _pending.Values)
            {
                answer.TrySetException(new IOException("The link is closed.", reason));
            }
        }
    }
}
