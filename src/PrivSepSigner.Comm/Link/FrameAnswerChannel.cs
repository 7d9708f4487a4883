using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Chunking;
using PrivSepSigner.Protocol.Framing;

namespace PrivSepSigner.Comm.Link;

/// <summary>
/// Answers of a native-protocol session: one frame each, or, for an answer larger than a frame
/// (a big CRL, a certified OpenPGP key), <see cref="AnswerChunk"/> pieces (docs/protocol.md 6.12).
/// The pieces of one answer go in order; other answers' frames may come between them, so a
/// 40 MB CRL does not hold up the certificates behind it. <paramref name="sent"/> is told of each
/// frame written (the idle watch: a session busy sending a large answer is not idle).
/// </summary>
internal sealed class FrameAnswerChannel(FrameWriter writer, Action? sent = null) : IAnswerChannel
{
    public async ValueTask SendAsync(string requestId, MessageType type, AnswerBody body, CancellationToken ct)
    {
        if (!AnswerChunking.NeedsChunks(body.Length))
        {
            await writer.WriteAsync(type, await body.ToArrayAsync(ProtocolLimits.MaxBody, ct), ct);
            sent?.Invoke();
            return;
        }

        if (body.Length > ProtocolLimits.MaxChunkedBody)
        {
            throw new InvalidDataException($"an answer of {body.Length} bytes, more than the {ProtocolLimits.MaxChunkedBody} the link carries");
        }

        var sha256 = await body.Sha256Async(ct);
        await foreach (var piece in AnswerChunking.SplitAsync(requestId, type, body.Length, sha256, body.ReadAsync(ct), ct))
        {
            await writer.WriteAsync(MessageType.AnswerChunk, piece, ct);
            sent?.Invoke();
        }
    }
}
