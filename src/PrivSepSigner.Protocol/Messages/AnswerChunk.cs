using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// One piece of an answer too large for one frame (type 0xFE, docs/protocol.md section 6.12).
/// The pieces of one answer carry the same request id, response type, total length and SHA-256,
/// and follow each other in order of <see cref="Offset"/>; put together they are the body of
/// one message of <see cref="ResponseType"/>, which the front end then decodes as if it had come
/// in one frame. Pieces of other answers may come between them.
/// </summary>
[MessagePackObject]
public sealed class AnswerChunk : IWireMessage
{
    /// <summary>The id of the request the whole answer is for.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>The message type of the whole answer (a response type).</summary>
    [Key(1)]
    public required int ResponseType { get; init; }

    /// <summary>Length of the whole answer body, more than <see cref="ProtocolLimits.MaxBody"/> and at most <see cref="ProtocolLimits.MaxChunkedBody"/>.</summary>
    [Key(2)]
    public required long TotalLength { get; init; }

    /// <summary>Where <see cref="Data"/> starts in the whole body.</summary>
    [Key(3)]
    public required long Offset { get; init; }

    /// <summary>SHA-256 of the whole body (32 bytes), checked once it is complete.</summary>
    [Key(4)]
    public required byte[] Sha256 { get; init; }

    /// <summary>This piece: 1..<see cref="ProtocolLimits.MaxChunkData"/> bytes.</summary>
    [Key(5)]
    public required byte[] Data { get; init; }

    string? IWireMessage.FindMissingField() =>
        RequestId is null ? "requestId"
        : Sha256 is null ? "sha256"
        : Data is null ? "data"
        : null;
}
