using System.Collections.Concurrent;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Chunking;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Link;

/// <summary>
/// The front end's side of the link. Several requests may be in flight at once (pipelining);
/// each answer is matched to its request by the request id in element [0] of the body.
/// Frames with an id nobody waits for are dropped. An answer too large for one frame comes in
/// <see cref="AnswerChunk"/> pieces, which are put back together (<see cref="ChunkAssembler"/>)
/// and returned as one frame of the answer's type.
/// </summary>
public sealed class LinkClient : IAsyncDisposable
{
    private readonly Stream stream;
    private readonly FrameReader reader;
    private readonly FrameWriter writer;
    private readonly ConcurrentDictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private readonly Task readLoop;

    private volatile Exception? closed;

    private LinkClient(Stream stream)
    {
        this.stream = stream;
        this.reader = new FrameReader(stream);
        writer = new FrameWriter(stream);
        readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>
    /// Opens <paramref name="path"/> via <see cref="LinkStream.OpenClient"/> (a serial line for
    /// this front end alone, waiting up to <paramref name="lineWait"/> for another to finish),
    /// flushes line noise and starts reading.
    /// </summary>
    public static LinkClient Open(string path, TimeSpan? lineWait = null, Action<string>? waiting = null) => Open(LinkStream.OpenClient(path, lineWait, waiting));

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
    /// <param name="timeout">How long to wait for the answer, or, once pieces of a large answer arrive, for each next piece.</param>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="IOException">The link closed, or a large answer arrived incomplete or damaged.</exception>
    /// <exception cref="InvalidOperationException">A request with that id is already in flight.</exception>
    public async Task<Frame> RequestAsync(MessageType type, ReadOnlyMemory<byte> body, string requestId, TimeSpan timeout, CancellationToken ct = default)
    {
        MessageValidator.ValidateRequestId(requestId);
        var pending = new Pending();
        if (!this.pending.TryAdd(requestId, pending))
        {
            throw new InvalidOperationException($"Request id '{requestId}' is already in flight.");
        }

        try
        {
            ThrowIfClosed();
            await writer.WriteAsync(type, body, ct).ConfigureAwait(false);

            // The read loop may have ended between TryAdd and now; it failed what it saw then.
            ThrowIfClosed();
            while (true)
            {
                // The timeout counts from the last sign of progress: the request, or the last piece.
                var waited = TimeSpan.FromMilliseconds(Environment.TickCount64 - pending.LastActivity);
                if (waited >= timeout)
                {
                    throw new TimeoutException($"no answer to request {requestId} within {timeout.TotalSeconds:0} s");
                }

                try
                {
                    return await pending.Answer.Task.WaitAsync(timeout - waited, ct).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }
        }
        finally
        {
            this.pending.TryRemove(new KeyValuePair<string, Pending>(requestId, pending));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await this.stream.DisposeAsync().ConfigureAwait(false);

        // Terminal reads poll in short slices and see the cancellation; the bound is a backstop.
        try
        {
            await readLoop.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        stop.Dispose();
    }

    private void ThrowIfClosed()
    {
        if (this.closed is { } reason)
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
                FrameReadResult result = await this.reader.ReadAsync(stop.Token).ConfigureAwait(false);
                if (result.EndOfStream)
                {
                    break;
                }

                // Framing errors are line noise or a lost frame: the request times out.
                if (result.IsFrame)
                {
                    Frame frame = result.Frame.Value;
                    string id = MessageCodec.PeekRequestId(frame.Body);
                    if (id.Length > 0 && this.pending.TryGetValue(id, out Pending? pending))
                    {
                        if (frame.Type == MessageType.AnswerChunk)
                        {
                            pending.Add(frame);
                        }
                        else
                        {
                            pending.Answer.TrySetResult(frame);
                        }
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
            this.closed = reason;
            foreach (Pending pending in this.pending.Values)
            {
                pending.Answer.TrySetException(new IOException("The link is closed.", reason));
            }
        }
    }

    /// <summary>One request waiting for its answer, and the pieces of a large answer so far.</summary>
    private sealed class Pending
    {
        private ChunkAssembler? assembly;

        public TaskCompletionSource<Frame> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Environment.TickCount64 of the request or of the last piece received.</summary>
        public long LastActivity { get; private set; } = Environment.TickCount64;

        /// <summary>Called by the read loop only.</summary>
        public void Add(Frame frame)
        {
            LastActivity = Environment.TickCount64;
            try
            {
                var chunk = MessageCodec.Deserialize<AnswerChunk>(frame.Body);
                if (chunk.Offset == 0)
                {
                    // The first piece never completes an answer: a whole answer is longer than a frame.
                    assembly = ChunkAssembler.Start(chunk);
                    return;
                }

                var current = assembly ?? throw new ProtocolException(ErrorCode.Malformed, $"answer {chunk.RequestId}: a piece at {chunk.Offset} without the first (a piece was lost)");
                if (current.Add(chunk) is { } whole)
                {
                    assembly = null;
                    Answer.TrySetResult(whole);
                }
            }
            catch (ProtocolException e)
            {
                assembly = null;
                Answer.TrySetException(new IOException($"{e.Message}; resend the request with the same id", e));
            }
        }
    }
}
