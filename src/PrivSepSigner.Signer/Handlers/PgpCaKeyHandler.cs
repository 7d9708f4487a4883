using PrivSepSigner.Issuance.OpenPgp;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;
using PrivSepSigner.Signer.Processing;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers PgpCaKeyRequest with the CA's OpenPGP public key (public data).</summary>
internal sealed class PgpCaKeyHandler(OpenPgpCaKey? ca) : IRequestHandler
{
    public MessageType RequestType => MessageType.PgpCaKeyRequest;

    public Answer Handle(ReadOnlyMemory<byte> body, Batch batch)
    {
        var request = MessageCodec.Deserialize<PgpCaKeyRequest>(body);
        MessageValidator.Validate(request);
        return ca is null
            ? Answer.Error(request.RequestId, ErrorCode.Unavailable, "this signer has no OpenPGP CA key configured")
            : new Answer(MessageType.PgpCaKeyResponse, MessageCodec.Serialize(new PgpCaKeyResponse { RequestId = request.RequestId, PublicKey = ca.ExportPublicArmored(), Fingerprint = ca.FingerprintHex }));
    }
}
