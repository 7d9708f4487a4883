using System.Collections.Frozen;
using Microsoft.Data.Sqlite;
using PrivSepSigner.Protocol;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Format;
using Serilog;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// The whole privileged interface in one table (as OpenSSH's monitor): request type → its
/// <see cref="RequestCatalog"/> row (flags, size limit, reader) and handler. A type not in the
/// table is answered with an error and nothing else happens; a body is checked against the
/// row's size limit, then read and syntax-checked by the row, and only then handed over.
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
    private readonly FrozenDictionary<MessageType, (RequestRow Row, IRequestHandler Handler)> handlers;
    private readonly ILogger log;

    /// <summary>A table of <paramref name="handlers"/>, each for a catalog row of its own; rows may lack one (tests run a few).</summary>
    /// <exception cref="InvalidOperationException">A handler answers a type with no catalog row or takes another class than its row, or two answer one type.</exception>
    public DispatchTable(IEnumerable<IRequestHandler> handlers, ILogger log)
    {
        var rows = new Dictionary<MessageType, (RequestRow Row, IRequestHandler Handler)>();
        foreach (var handler in handlers)
        {
            var row = RequestCatalog.Find(handler.RequestType)
                ?? throw new InvalidOperationException($"{handler.GetType().Name} answers {handler.RequestType}, which has no row in the request catalog");
            if (row.RequestClass != handler.RequestClass)
            {
                throw new InvalidOperationException($"{handler.GetType().Name} takes a {handler.RequestClass.Name}, but {row.Type} carries a {row.RequestClass.Name}");
            }

            if (!rows.TryAdd(row.Type, (row, handler)))
            {
                throw new InvalidOperationException($"{handler.GetType().Name} and {rows[row.Type].Handler.GetType().Name} both answer {row.Type}");
            }
        }

        this.handlers = rows.ToFrozenDictionary();
        this.log = log;
    }

    /// <summary>The signer's table: a handler for every row of the catalog, or it does not start.</summary>
    /// <exception cref="InvalidOperationException">A row has no handler (or as the constructor).</exception>
    public static DispatchTable ForEveryRequest(IEnumerable<IRequestHandler> handlers, ILogger log)
    {
        var table = new DispatchTable(handlers, log);
        if (RequestCatalog.Rows.Where(r => !table.handlers.ContainsKey(r.Type)).Select(r => r.Type.ToString()).ToList() is [_, ..] missing)
        {
            throw new InvalidOperationException($"the signer's dispatch table has no handler for {string.Join(", ", missing)}");
        }

        return table;
    }

    /// <summary>
    /// Whether a spooled message may be answered while the batch before it commits: a request
    /// without <see cref="RequestFlags.NeedsSettledState"/> in its row. A type with no row waits (and is refused).
    /// </summary>
    public static bool MayOverlapCommit(byte type) =>
        RequestCatalog.Find((MessageType)type) is { } row && !row.Has(RequestFlags.NeedsSettledState);

    /// <param name="requestId">The body's request id as <see cref="MessageCodec.PeekRequestId"/> read it (once, by the caller), for errors and the log.</param>
    /// <param name="received">When the comm handler received the request: its spool entry's time.</param>
    public Dispatched Dispatch(byte type, ReadOnlyMemory<byte> body, string requestId, Batch batch, DateTimeOffset received)
    {
        if (!handlers.TryGetValue((MessageType)type, out var entry))
        {
            log.Warning("refused spooled message of unknown type 0x{Type:x2}", type);
            return new Dispatched(Answer.Error(requestId, ErrorCode.UnknownMessageType, $"message type 0x{type:x2} is not handled by the signer"), null);
        }

        var (row, handler) = entry;
        if (body.Length > row.MaxBody)
        {
            var message = $"a {row.Type} of {body.Length} bytes, at most {row.MaxBody}";
            log.Warning("refused request {RequestId}: {Message}", requestId, message);
            return new Dispatched(Answer.Error(requestId, ErrorCode.Malformed, message), null);
        }

        Answer answer;
        try
        {
            answer = handler.Handle(row.Read(body), batch, received);
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
