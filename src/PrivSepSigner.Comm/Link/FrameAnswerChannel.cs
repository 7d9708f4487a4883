using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Link;

/// <summary>Answers of a native-protocol session: one frame each.</summary>
internal sealed class FrameAnswerChannel(FrameWriter writer) : IAnswerChannel
{
    public ValueTask SendAsync(MessageType type, ReadOnlyMemory<byte> body, CancellationToken ct) => writer.WriteAsync(type, body, ct);
}
