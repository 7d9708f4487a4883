using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Link;

/// <summary>Answers of a native-protocol session: one frame each; <paramref name="sent"/> is told of each (the idle watch).</summary>
internal sealed class FrameAnswerChannel(FrameWriter writer, Action? sent = null) : IAnswerChannel
{
    public async ValueTask SendAsync(MessageType type, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        await writer.WriteAsync(type, body, ct);
        sent?.Invoke();
    }
}
