using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers RevokeBatchRequest: a mass revocation (a key compromise, a weak-key event), every
/// serial decided by the same <see cref="RevocationRules"/> as a single revocation and answered
/// one by one (revoked, already revoked, unknown, ...). All the changes and the answer are
/// committed together; a resent request id gets the stored answer.
/// </summary>
internal sealed class RevokeBatchHandler(RevocationDesk desk) : RequestHandler<RevokeBatchRequest>
{
    public override MessageType RequestType => MessageType.RevokeBatchRequest;

    protected override Answer Handle(RevokeBatchRequest request, Batch batch, DateTimeOffset received)
    {
        var fingerprint = RevocationDesk.Fingerprint("revoke-batch", request.Root, request.Reason, string.Join(',', request.Serials));
        if (desk.Prelude(batch, request.RequestId, request.Root, fingerprint, "mass revocation") is { } early)
        {
            return early;
        }

        var changes = new List<RevocationRecord>();
        var results = new SerialRevocation[request.Serials.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var serial = request.Serials[i];
            var current = desk.Find(request.Root, serial);
            var (outcome, change, _) = RevocationRules.Decide(request.Root, current, request.Reason, batch.Now);
            if (change is not null)
            {
                changes.Add(change);
            }

            results[i] = new SerialRevocation
            {
                SerialHex = serial,
                Outcome = outcome,
                Reason = RevocationRules.ReasonAfter(outcome, current, request.Reason),
                RevokedAtUnixMs = (outcome is RevocationOutcome.Revoked or RevocationOutcome.Released ? batch.Now : current?.RevokedAt)?.ToUnixTimeMilliseconds() ?? 0,
            };
        }

        var response = MessageCodec.Serialize(new RevokeBatchResponse
        {
            RequestId = request.RequestId,
            Root = request.Root,
            RevokedAtUnixMs = batch.Now.ToUnixTimeMilliseconds(),
            Results = results,
        });
        if (!batch.TryRemember(changes, new StoredAnswer(request.RequestId, fingerprint, (byte)MessageType.RevokeBatchResponse, response)))
        {
            return Answer.Error(request.RequestId, ErrorCode.RetryLater, "some of these serials are being changed by another request; resend this one with the same id");
        }

        desk.Log.Information(
            "audit: mass revocation root {Root} reason {Reason} request {RequestId}: {Count} serials, {Changed} changed, {Unknown} unknown, {Refused} refused",
            request.Root, RevocationReasons.NameOf(request.Reason), request.RequestId, results.Length, changes.Count,
            results.Count(r => r.Outcome == RevocationOutcome.Unknown), results.Count(r => r.Outcome == RevocationOutcome.Refused));
        return new Answer(MessageType.RevokeBatchResponse, response);
    }
}
