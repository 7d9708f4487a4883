using System.Collections.Concurrent;
using PrivSepSigner.Comm.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// Where the outbox pump delivers the native answers of one legacy session. The session keeps
/// the generated request id → waiting request map here; an answer completes its waiter and the
/// session, the only writer on the link, turns it into a legacy answer frame. Never blocks the
/// pump: an answer nobody waits for any more (timed out) is dropped.
/// </summary>
internal sealed class LegacyAnswerChannel : IAnswerChannel
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<NativeAnswer>> waiting = new(StringComparer.Ordinal);

    /// <summary>Registers a request id before it is submitted; the task completes with its answer.</summary>
    public Task<NativeAnswer> Expect(string requestId)
    {
        var tcs = new TaskCompletionSource<NativeAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[requestId] = tcs;
        return tcs.Task;
    }

    public void Forget(string requestId) => waiting.TryRemove(requestId, out _);

    public async ValueTask SendAsync(string requestId, MessageType type, AnswerBody body, CancellationToken ct)
    {
        if (!waiting.TryRemove(requestId, out var tcs))
        {
            return;
        }

        if (body.Length > LegacyWire.MaxAnswerBody)
        {
            // More than a legacy frame's 3-byte length can say: refused before reading it (a CRL of about 400,000 entries).
            tcs.TrySetResult(new NativeAnswer(MessageType.ErrorResponse, MessageCodec.Serialize(new ErrorResponse
            {
                RequestId = requestId,
                Code = ErrorCode.Internal,
                Message = $"the answer is {body.Length} bytes, more than the {LegacyWire.MaxAnswerBody} a legacy frame carries; fetch it over the native protocol",
            })));
            return;
        }

        try
        {
            tcs.TrySetResult(new NativeAnswer(type, await body.ToArrayAsync(LegacyWire.MaxAnswerBody, ct)));
        }
        catch (Exception e)
        {
            tcs.TrySetException(e);
            throw;
        }
    }
}
