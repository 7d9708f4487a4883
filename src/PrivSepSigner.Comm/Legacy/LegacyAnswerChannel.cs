using System.Collections.Concurrent;
using PrivSepSigner.Comm.Link;
using PrivSepSigner.Protocol;

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

    public ValueTask SendAsync(MessageType type, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var id = MessageCodec.PeekRequestId(body);
        if (waiting.TryRemove(id, out var tcs))
        {
            tcs.TrySetResult(new NativeAnswer(type, body.ToArray()));
        }

        return ValueTask.CompletedTask;
    }
}
