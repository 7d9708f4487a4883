using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Signer.Processing;

/// <summary>A response message ready for the outbox; <paramref name="Refusal"/> is the error it carries, if it is one.</summary>
internal readonly record struct Answer(MessageType Type, byte[] Body, ErrorResponse? Refusal = null)
{
    public static Answer Error(string requestId, ErrorCode code, string message)
    {
        var error = new ErrorResponse { RequestId = requestId, Code = code, Message = message };
        return new(MessageType.ErrorResponse, MessageCodec.Serialize(error), error);
    }

    /// <summary>The answer to a request that names a root this signer does not have.</summary>
    public static Answer UnknownRoot(string requestId, string root) =>
        Error(requestId, ErrorCode.UnknownRoot, $"root: no root named \"{root}\"");
}
