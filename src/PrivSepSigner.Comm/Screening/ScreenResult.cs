using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Comm.Screening;

/// <summary>
/// The outcome of screening one request frame: either a canonical message to spool,
/// or an error answer for the front end. Never both.
/// </summary>
internal sealed record ScreenResult(string RequestId, MessageType Type, byte[]? CanonicalBody, ErrorResponse? Error)
{
    public static ScreenResult Accept(string requestId, MessageType type, byte[] canonicalBody) =>
        new(requestId, type, canonicalBody, null);

    public static ScreenResult Refuse(string requestId, ErrorCode code, string message) =>
        new(requestId, MessageType.ErrorResponse, null, new ErrorResponse { RequestId = requestId, Code = code, Message = message });
}
