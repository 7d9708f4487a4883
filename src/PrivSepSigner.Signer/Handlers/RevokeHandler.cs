using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Protocol;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;
using PrivSepSigner.Signer.State;
using Serilog;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers RevokeRequest: records a revocation (RFC 5280 5.3.1 reason, the signer's own
/// time) durably in the issuance database. Unknown or already revoked serials are refused
/// clearly; a resent request id gets its stored answer.
/// </summary>
internal sealed class RevokeHandler : IRequestHandler
{
    private readonly RootRegistry roots;
    private readonly IssuanceDatabase database;
    private readonly ILogger log;

    public RevokeHandler(RootRegistry roots, IssuanceDatabase database, ILogger log)
    {
        this.roots = roots;
        this.database = database;
        this.log = log;
    }

    public MessageType RequestType => MessageType.RevokeRequest;

    public Answer Handle(ReadOnlyMemory<byte> body, Batch batch)
    {
        var request = MessageCodec.Deserialize<RevokeRequest>(body);
        MessageValidator.Validate(request);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"revoke\0{request.Root}\0{request.SerialHex}\0{request.Reason}")));
        if ((batch.FindAnswer(request.RequestId) ?? database.FindAnswer(request.RequestId)) is { } earlier)
        {
            return earlier.Fingerprint == fingerprint
                ? new Answer((MessageType)earlier.ResponseType, earlier.Response)
                : Answer.Error(request.RequestId, ErrorCode.RequestIdConflict, "requestId: already used for a different request");
        }

        if (roots.Find(request.Root) is null)
        {
            return Answer.Error(request.RequestId, ErrorCode.UnknownRoot, $"root: no root named \"{request.Root}\"");
        }

        var known = database.FindCertificate(request.Root, request.SerialHex);
        if (known is null)
        {
            return Refuse(request, $"serialHex: root \"{request.Root}\" never issued serial {request.SerialHex}");
        }

        if (known.RevokedAt is not null)
        {
            return Refuse(request, $"serialHex: {request.SerialHex} is already revoked");
        }

        var response = MessageCodec.Serialize(new RevokeResponse
        {
            RequestId = request.RequestId,
            Root = request.Root,
            SerialHex = request.SerialHex,
            RevokedAtUnixMs = batch.Now.ToUnixTimeMilliseconds(),
            Reason = request.Reason,
        });
        if (!batch.TryRemember(
            new RevocationRecord(request.Root, request.SerialHex, batch.Now, request.Reason),
            new StoredAnswer(request.RequestId, fingerprint, (byte)MessageType.RevokeResponse, response)))
        {
            return Refuse(request, $"serialHex: {request.SerialHex} is already revoked");
        }

        log.Information("audit: revoked root {Root} serial {Serial} reason {Reason} request {RequestId}", request.Root, request.SerialHex, request.Reason, request.RequestId);
        return new Answer(MessageType.RevokeResponse, response);
    }

    private Answer Refuse(RevokeRequest request, string message)
    {
        log.Warning("audit: refused revocation {RequestId} root {Root}: {Message}", request.RequestId, request.Root, message);
        return Answer.Error(request.RequestId, ErrorCode.InvalidRequest, message);
    }
}
