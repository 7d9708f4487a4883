using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Tests.TestSupport;

/// <summary>
/// Keepalives answered normally, except that an id starting "throw" makes the handler throw
/// (a bug in a handler) and one starting "huge" gets an answer larger than the outbox allows.
/// </summary>
internal sealed class FaultyKeepaliveHandler : RequestHandler<KeepaliveRequest>
{
    public override MessageType RequestType => MessageType.KeepaliveRequest;

    protected override Answer Handle(KeepaliveRequest request, Batch batch, DateTimeOffset received)
    {
        if (request.RequestId.StartsWith("throw", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("a handler bug");
        }

        if (request.RequestId.StartsWith("huge", StringComparison.Ordinal))
        {
            return new Answer(MessageType.KeepaliveResponse, new byte[PrivSepSigner.Spool.Format.SpoolLimits.MaxAnswerItemBody + 1]);
        }

        return new Answer(MessageType.KeepaliveResponse, MessageCodec.Serialize(new KeepaliveResponse { RequestId = request.RequestId, SignerTimeUnixMs = 1, ClockOffsetMs = 0 }));
    }
}

/// <summary>
/// Revocations whose id starts "poison" record one of a certificate that does not exist, which
/// makes the database refuse the whole batch at commit: a poison entry no retry can cure.
/// </summary>
internal sealed class PoisonRevokeHandler : RequestHandler<RevokeRequest>
{
    public override MessageType RequestType => MessageType.RevokeRequest;

    protected override Answer Handle(RevokeRequest request, Batch batch, DateTimeOffset received)
    {
        var response = MessageCodec.Serialize(new ErrorResponse { RequestId = request.RequestId, Code = ErrorCode.InvalidRequest, Message = "not revoked" });
        if (request.RequestId.StartsWith("poison", StringComparison.Ordinal))
        {
            batch.TryRemember([new RevocationRecord("root", "dead", batch.Now, 0)], new StoredAnswer(request.RequestId, "fp", (byte)MessageType.ErrorResponse, response));
        }

        return new Answer(MessageType.ErrorResponse, response);
    }
}

/// <summary>
/// Revocations whose id starts "issue" record a certificate with serial 5e01, as a signing
/// handler would; a second one ("void...") records the same serial again, which the database
/// refuses at commit: a batch whose signed certificate is never recorded.
/// </summary>
internal sealed class RecordingIssueHandler : RequestHandler<RevokeRequest>
{
    public const string Serial = "5e01";

    public override MessageType RequestType => MessageType.RevokeRequest;

    protected override Answer Handle(RevokeRequest request, Batch batch, DateTimeOffset received)
    {
        var response = MessageCodec.Serialize(new ErrorResponse { RequestId = request.RequestId, Code = ErrorCode.InvalidRequest, Message = "stand-in answer" });
        batch.Remember(
            new IssuedRecord(Serial, "root", new string('c', 64), "server", request.RequestId, "CN=test", new string('d', 64), batch.Now, batch.Now.AddDays(1), batch.Now, [0x30, 0x00]),
            new StoredAnswer(request.RequestId, "fp-" + request.RequestId, (byte)MessageType.ErrorResponse, response));
        return new Answer(MessageType.ErrorResponse, response);
    }
}
