using System.Collections.Frozen;
using Microsoft.Data.Sqlite;
using PrivSepSigner.Protocol;
using PrivSepSigner.Spool;
using Serilog;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// The whole privileged interface in one table (as OpenSSH's monitor): request type →
/// handler. A type not in the table is answered with an error and nothing else happens.
/// </summary>
/// <remarks>
/// No single request may stop the CA: a handler that throws anything but a retryable I/O or
/// database error (which fails the whole batch, to be tried again) gets its request answered
/// with <see cref="ErrorCode.Internal"/>, and the entry is marked to be set aside for the
/// operator instead of deleted. So is an answer too large for the outbox, which could never be
/// written: it is replaced by an error before it reaches the commit.
/// </remarks>
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
    public Dispatched Dispatch(byte type, ReadOnlyMemory<byte> body, Batch batch, DateTimeOffset received)
    {
        var requestId = MessageCodec.PeekRequestId(body);
        if (!handlers.TryGetValue((MessageType)type, out var handler))
        {
            log.Warning("refused spooled message of unknown type 0x{Type:x2}", type);
            return new Dispatched(Answer.Error(requestId, ErrorCode.UnknownMessageType, $"message type 0x{type:x2} is not handled by the signer"), null);
        }

        if (body.Length > ProtocolLimits.MaxRequestBody((MessageType)type))
        {
            var message = $"a {(MessageType)type} of {body.Length} bytes, at most {ProtocolLimits.MaxRequestBody((MessageType)type)}";
            log.Warning("refused request {RequestId}: {Message}", requestId, message);
            return new Dispatched(Answer.Error(requestId, ErrorCode.Malformed, message), null);
        }

        Answer answer;
        try
        {
            answer = handler.Handle(body, batch, received);
        }
        catch (ProtocolException e)
        {
            log.Warning("refused request {RequestId}: {Code} {Message}", requestId, e.Code, e.Message);
            return new Dispatched(Answer.Error(requestId, e.Code, e.Message), null);
        }
        catch (Exception e) when (!IsRetryable(e) && e is not OutOfMemoryException)
        {
            var fault = $"{(MessageType)type} {requestId} failed: {e.GetType().Name}: {e.Message}";
            log.Error("audit: request {RequestId} could not be processed and is set aside: {Fault}", requestId, fault);
            return new Dispatched(Answer.Error(requestId, ErrorCode.Internal, "the signer could not process this request; it was set aside for the operator (see the signer's log)"), fault);
        }

        if (answer.Refusal is { Code: ErrorCode.UnknownRoot or ErrorCode.UnknownProfile } refused)
        {
            // The comm handler refuses these at the link, so one here came past it (code running as
            // the comm user, or a comm handler with another config): on the record, for every request type.
            log.Warning("audit: refused request {RequestId}: {Code} {Message} (the comm handler should have refused it at the link)", refused.RequestId, refused.Code.ToString(), refused.Message);
        }

        if (answer.Body.Length > SpoolLimits.MaxAnswerItemBody)
        {
            var fault = $"the answer to {(MessageType)type} {requestId} is {answer.Body.Length} bytes, at most {SpoolLimits.MaxAnswerItemBody}";
            log.Error("audit: request {RequestId} set aside: {Fault}", requestId, fault);
            return new Dispatched(Answer.Error(requestId, ErrorCode.Internal, $"the answer would be {answer.Body.Length} bytes, more than the {SpoolLimits.MaxAnswerItemBody} an answer may have; the request was set aside"), fault);
        }

        return new Dispatched(answer, null);
    }

    /// <summary>
    /// Disk full, I/O or a busy or damaged database: the batch stays in incoming and is tried again.
    /// A constraint the batch itself breaks (or a statement SQLite refuses) fails the same way on
    /// every attempt, so it counts as the batch's own failure instead (SQLite result codes 1, 18,
    /// 19, 20, 25: ERROR, TOOBIG, CONSTRAINT, MISMATCH, RANGE).
    /// </summary>
    public static bool IsRetryable(Exception e) =>
        e is IOException || (e is SqliteException sqlite && sqlite.SqliteErrorCode is not (1 or 18 or 19 or 20 or 25));
}
