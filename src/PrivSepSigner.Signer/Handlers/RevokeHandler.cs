using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers RevokeRequest: records a revocation, or a change of one (<see cref="RevocationRules"/>:
/// a reason raised, a hold made permanent or released), durably in the issuance database, with
/// the signer's own time. Asking again for what is already recorded succeeds; an unknown serial
/// or a change the rules do not allow is refused clearly; a resent request id gets its stored answer.
/// </summary>
internal sealed class RevokeHandler(RevocationDesk desk) : RequestHandler<RevokeRequest>
{
    public override MessageType RequestType => MessageType.RevokeRequest;

    protected override Answer Handle(RevokeRequest request, Batch batch, DateTimeOffset received)
    {
        var fingerprint = RevocationDesk.Fingerprint("revoke", request.Root, request.SerialHex, request.Reason);
        if (desk.Prelude(batch, request.RequestId, request.Root, fingerprint, "revocation") is { } early)
        {
            return early;
        }

        var current = desk.Find(request.Root, request.SerialHex);
        var (outcome, change, refusal) = RevocationRules.Decide(request.Root, current, request.Reason, batch.Now);
        if (refusal is not null)
        {
            return Refuse(request, $"serialHex: {request.SerialHex} {refusal}");
        }

        var response = MessageCodec.Serialize(new RevokeResponse
        {
            RequestId = request.RequestId,
            Root = request.Root,
            SerialHex = request.SerialHex,
            RevokedAtUnixMs = (outcome == RevocationOutcome.Released ? batch.Now : current!.RevokedAt ?? batch.Now).ToUnixTimeMilliseconds(),
            Reason = request.Reason,
        });
        if (!batch.TryRemember(change is null ? [] : [change], new StoredAnswer(request.RequestId, fingerprint, (byte)MessageType.RevokeResponse, response)))
        {
            return Answer.Error(request.RequestId, ErrorCode.RetryLater, $"serialHex: {request.SerialHex} is being changed by another request; resend this one with the same id");
        }

        desk.Log.Information("audit: revocation root {Root} serial {Serial} {Outcome} reason {Reason} request {RequestId}", request.Root, request.SerialHex, outcome, RevocationReasons.NameOf(request.Reason), request.RequestId);
        return new Answer(MessageType.RevokeResponse, response);
    }

    private Answer Refuse(RevokeRequest request, string message)
    {
        desk.Log.Warning("audit: refused revocation {RequestId} root {Root}: {Message}", request.RequestId, request.Root, message);
        return Answer.Error(request.RequestId, ErrorCode.InvalidRequest, message);
    }
}
