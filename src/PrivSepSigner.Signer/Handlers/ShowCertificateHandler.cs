using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers ShowCertificateRequest with one issued certificate's record and DER (public data).</summary>
internal sealed class ShowCertificateHandler : IRequestHandler
{
    private readonly IssuanceDatabase database;

    public ShowCertificateHandler(IssuanceDatabase database) => this.database = database;

    public MessageType RequestType => MessageType.ShowCertificateRequest;

    public Answer Handle(ReadOnlyMemory<byte> body, Batch batch)
    {
        var request = MessageCodec.Deserialize<ShowCertificateRequest>(body);
        MessageValidator.Validate(request);
        if (database.FindListedCertificate(request.Root, request.SerialHex) is not { } found)
        {
            return Answer.Error(request.RequestId, ErrorCode.InvalidRequest, $"serialHex: root \"{request.Root}\" never issued serial {request.SerialHex}");
        }

        return new Answer(MessageType.ShowCertificateResponse, MessageCodec.Serialize(new ShowCertificateResponse
        {
            RequestId = request.RequestId,
            Certificate = CertificateSummaries.From(found),
        }));
    }
}
