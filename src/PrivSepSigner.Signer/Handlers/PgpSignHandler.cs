using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Issuance.OpenPgp;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.State;
using Serilog;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers PgpSignRequest: certifies user IDs of the submitted key with the CA's OpenPGP
/// key (no gpg process). Same idempotency and clock policy as X.509 issuance; audit lines
/// before and after.
/// </summary>
internal sealed class PgpSignHandler(OpenPgpCaKey? ca, IssuanceDatabase database, ClockGuard clock, ILogger log) : RequestHandler<PgpSignRequest>
{
    public override MessageType RequestType => MessageType.PgpSignRequest;

    protected override Answer Handle(PgpSignRequest request, Batch batch, DateTimeOffset received)
    {
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes("pgp-sign\0" + string.Join('\n', request.UserIds) + "\0"), .. request.PublicKey]));
        if (StoredAnswers.Resend(batch, database, request.RequestId, fingerprint) is { } earlier)
        {
            return earlier;
        }

        if (ca is null)
        {
            return Answer.Error(request.RequestId, ErrorCode.Unavailable, "this signer has no OpenPGP CA key configured");
        }

        if (clock.RefuseSigning(request.FrontEndTimeUnixMs, received) is { } skew)
        {
            return Answer.Error(request.RequestId, ErrorCode.ClockSkew, skew);
        }

        log.Information("audit: certifying OpenPGP key for request {RequestId} user ids {UserIds}", request.RequestId, request.UserIds.Length == 0 ? "(all)" : string.Join(" | ", request.UserIds));
        try
        {
            var (armored, keyFingerprint, certified) = OpenPgpCertifier.Certify(ca, request.PublicKey, request.UserIds, batch.Now);
            var response = MessageCodec.Serialize(new PgpSignResponse { RequestId = request.RequestId, CertifiedKey = armored, Fingerprint = keyFingerprint });
            batch.Remember(new StoredAnswer(request.RequestId, fingerprint, (byte)MessageType.PgpSignResponse, response));
            log.Information("audit: certified OpenPGP key {Fingerprint} user ids {UserIds} request {RequestId} result ok", keyFingerprint, string.Join(" | ", certified), request.RequestId);
            return new Answer(MessageType.PgpSignResponse, response);
        }
        catch (PgpRefusedException e)
        {
            log.Warning("audit: refused OpenPGP request {RequestId}: {Message}", request.RequestId, e.Message);
            return Answer.Error(request.RequestId, ErrorCode.PolicyRefused, e.Message);
        }
    }
}
