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
            var answer = handler.Handle(body, batch, received);
            if (answer.Refusal is { Code: ErrorCode.UnknownRoot or ErrorCode.UnknownProfile } refused)
            {
                // The comm handler refuses these at the link, so one here came past it (code running as
                // the comm user, or a comm handler with another config): on the record, for every request type.
                log.Warning("audit: refused request {RequestId}: {Code} {Message} (the comm handler should have refused it at the link)", refused.RequestId, refused.Code.ToString(), refused.Message);
            }

            return answer;
        }
        catch (ProtocolException e)
        {
            log.Warning("refused request {RequestId}: {Code} {Message}", requestId, e.Code, e.Message);
            return Answer.Error(requestId, e.Code, e.Message);
        }
    }
}
