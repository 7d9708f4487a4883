using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers ShowCertificateRequest with one issued certificate's record and DER (public data).</summary>
internal sealed class ShowCertificateHandler : RequestHandler<ShowCertificateRequest>
{
    private readonly IssuanceDatabase database;

    public ShowCertificateHandler(IssuanceDatabase database) => this.database = database;

    public override MessageType RequestType => MessageType.ShowCertificateRequest;

    protected override Answer Handle(ShowCertificateRequest request, Batch batch, DateTimeOffset received)
    {
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
