using System.Runtime.CompilerServices;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Chunking;

/// <summary>
/// Cuts an answer body too large for one frame into <see cref="AnswerChunk"/> messages
/// (docs/protocol.md section 6.12): pieces of at most <see cref="ProtocolLimits.MaxChunkData"/>
/// bytes, in order, each naming the request, the whole answer's type, length and SHA-256.
/// </summary>
public static class AnswerChunking
{
    /// <summary>True when a body of this length must go in pieces.</summary>
    public static bool NeedsChunks(long bodyLength) => bodyLength > ProtocolLimits.MaxBody;

    /// <summary>
    /// The serialized <see cref="AnswerChunk"/> bodies for a whole body read from
    /// <paramref name="segments"/> (any sizes, in order), which must add up to
    /// <paramref name="totalLength"/> bytes whose SHA-256 is <paramref name="sha256"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The segments hold more or fewer bytes than announced.</exception>
    public static async IAsyncEnumerable<byte[]> SplitAsync(
        string requestId, MessageType type, long totalLength, byte[] sha256, IAsyncEnumerable<ReadOnlyMemory<byte>> segments, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        ArgumentNullException.ThrowIfNull(segments);
        if (!NeedsChunks(totalLength) || totalLength > ProtocolLimits.MaxChunkedBody)
        {
            throw new ArgumentOutOfRangeException(nameof(totalLength), totalLength, $"only bodies of {ProtocolLimits.MaxBody + 1}..{ProtocolLimits.MaxChunkedBody} bytes go in pieces");
        }

        var piece = new byte[ProtocolLimits.MaxChunkData];
        var filled = 0;
        long offset = 0;
        await foreach (var segment in segments.WithCancellation(ct))
        {
            var rest = segment;
            while (!rest.IsEmpty)
            {
                var take = Math.Min(rest.Length, piece.Length - filled);
                rest[..take].Span.CopyTo(piece.AsSpan(filled));
                rest = rest[take..];
                filled += take;
                if (filled == piece.Length)
                {
                    yield return Chunk(requestId, type, totalLength, offset, sha256, piece.AsSpan(0, filled));
                    offset += filled;
                    filled = 0;
                }
            }
        }

        if (filled > 0)
        {
            yield return Chunk(requestId, type, totalLength, offset, sha256, piece.AsSpan(0, filled));
            offset += filled;
        }

        if (offset != totalLength)
        {
            throw new InvalidDataException($"the answer body held {offset} bytes, not the {totalLength} announced");
        }
    }

    private static byte[] Chunk(string requestId, MessageType type, long total, long offset, byte[] sha256, ReadOnlySpan<byte> data) =>
        MessageCodec.Serialize(new AnswerChunk
        {
            RequestId = requestId,
            ResponseType = (int)type,
            TotalLength = total,
            Offset = offset,
            Sha256 = sha256,
            Data = data.ToArray(),
        });
}
