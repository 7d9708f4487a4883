using System.Security.Cryptography;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Protocol.Chunking;

/// <summary>
/// The front end's side of <see cref="AnswerChunking"/>: puts the pieces of one large answer
/// back together. The declared length is checked against <see cref="ProtocolLimits.MaxChunkedBody"/>
/// before the body is allocated; every piece must continue exactly where the previous one ended
/// and repeat the first piece's type, length and hash; the whole must match its SHA-256. A lost
/// or damaged piece (a frame the CRC rejected) therefore shows as a gap and fails the answer,
/// never as a wrong body.
/// </summary>
public sealed class ChunkAssembler
{
    private readonly AnswerChunk first;
    private readonly byte[] body;
    private long received;

    private ChunkAssembler(AnswerChunk first)
    {
        this.first = first;
        body = new byte[first.TotalLength];
    }

    /// <summary>Bytes received so far.</summary>
    public long Received => received;

    /// <summary>Starts an answer with its first piece (offset 0).</summary>
    /// <exception cref="ProtocolException">The piece is malformed or not the first.</exception>
    public static ChunkAssembler Start(AnswerChunk chunk)
    {
        MessageValidator.Validate(chunk);
        if (chunk.Offset != 0)
        {
            throw new ProtocolException(ErrorCode.Malformed, $"answer {chunk.RequestId}: its first piece starts at {chunk.Offset}, not 0 (a piece was lost)");
        }

        var assembler = new ChunkAssembler(chunk);
        assembler.Append(chunk);
        return assembler;
    }

    /// <summary>Adds the next piece; returns the whole answer as a frame once it is complete.</summary>
    /// <exception cref="ProtocolException">The piece does not continue this answer, or the whole does not match its hash.</exception>
    public Frame? Add(AnswerChunk chunk)
    {
        MessageValidator.Validate(chunk);
        if (chunk.ResponseType != first.ResponseType || chunk.TotalLength != first.TotalLength || !chunk.Sha256.AsSpan().SequenceEqual(first.Sha256))
        {
            throw new ProtocolException(ErrorCode.Malformed, $"answer {chunk.RequestId}: a piece of another answer under the same id");
        }

        if (chunk.Offset != received)
        {
            throw new ProtocolException(ErrorCode.Malformed, $"answer {chunk.RequestId}: a piece at {chunk.Offset} where {received} was expected (a piece was lost)");
        }

        return Append(chunk);
    }

    private Frame? Append(AnswerChunk chunk)
    {
        chunk.Data.CopyTo(body, received);
        received += chunk.Data.Length;
        if (received < body.Length)
        {
            return null;
        }

        if (!SHA256.HashData(body).AsSpan().SequenceEqual(first.Sha256))
        {
            throw new ProtocolException(ErrorCode.Malformed, $"answer {chunk.RequestId}: the {body.Length} bytes put together do not match their SHA-256");
        }

        return new Frame((MessageType)first.ResponseType, body);
    }
}
