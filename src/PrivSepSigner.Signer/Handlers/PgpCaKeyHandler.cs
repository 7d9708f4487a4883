using PrivSepSigner.Issuance.OpenPgp;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers PgpCaKeyRequest with the CA's OpenPGP public key (public data).</summary>
internal sealed class PgpCaKeyHandler(OpenPgpCaKey? ca) : RequestHandler<PgpCaKeyRequest>
{
    public override MessageType RequestType => MessageType.PgpCaKeyRequest;

    protected override Answer Handle(PgpCaKeyRequest request, Batch batch, DateTimeOffset received)
    {
        return ca is null
            ? Answer.Error(request.RequestId, ErrorCode.Unavailable, "this signer has no OpenPGP CA key configured")
            : new Answer(MessageType.PgpCaKeyResponse, MessageCodec.Serialize(new PgpCaKeyResponse { RequestId = request.RequestId, PublicKey = ca.ExportPublicArmored(), Fingerprint = ca.FingerprintHex }));
    }
}
