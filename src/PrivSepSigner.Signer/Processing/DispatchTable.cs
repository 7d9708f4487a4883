using System.Collections.Frozen;
using PrivSepSigner.Protocol;
using Serilog;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// The whole privileged interface in one table (as OpenSSH's monitor): request type →
/// handler. A type not in the table is answered with an error and nothing else happens.
/// </summary>
internal sealed class DispatchTable
{
    private readonly FrozenDictionary<MessageType, IRequestHandler> handlers;
    private readonly ILogger log;

    public DispatchTable(IEnumerable<IRequestHandler> handlers, ILogger log)
    {
        this.handlers = handlers.ToFrozenDictionary(h => h.RequestType);
        this.log = log;
    }

    /// <param name="received">When the comm handler received the request: its spool entry's time.</param>
    public Answer Dispatch(byte type, ReadOnlyMemory<byte> body, Batch batch, DateTimeOffset received)
    {
        var requestId = MessageCodec.PeekRequestId(body);
        if (!handlers.TryGetValue((MessageType)type, out var handler))
        {
            log.Warning("refused spooled message of unknown type 0x{Type:x2}", type);
            return Answer.Error(requestId, ErrorCode.UnknownMessageType, $"message type 0x{type:x2} is not handled by the signer");
        }

        try
        {
            return handler.Handle(body, batch, received);
        }
        catch (ProtocolException e)
        {
            log.Warning("refused request {RequestId}: {Code} {Message}", requestId, e.Code, e.Message);
            return Answer.Error(requestId, e.Code, e.Message);
        }
    }
}
