using PrivSepSigner.Protocol;

namespace PrivSepSigner.Signer.Processing;

/// <summary>A response message ready for the outbox.</summary>
internal readonly record struct Answer(MessageType Type, byte[] Body)
{
    public static Answer Error(string requestId, ErrorCode code, string message) =>
        new(MessageType.ErrorResponse, MessageCodec.Serialize(new ErrorResponse { RequestId = requestId, Code = code, Message = message }));
}
