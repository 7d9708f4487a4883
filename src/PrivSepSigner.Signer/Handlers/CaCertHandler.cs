using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers CaCertRequest with the root's certificate (public data).</summary>
internal sealed class CaCertHandler : RequestHandler<CaCertRequest>
{
    private readonly RootRegistry roots;

    public CaCertHandler(RootRegistry roots) => this.roots = roots;

    public override MessageType RequestType => MessageType.CaCertRequest;

    protected override Answer Handle(CaCertRequest request, Batch batch, DateTimeOffset received)
    {
        if (roots.Find(request.Root) is not { } root)
        {
            return Answer.UnknownRoot(request.RequestId, request.Root);
        }

        return new Answer(MessageType.CaCertResponse, MessageCodec.Serialize(new CaCertResponse
        {
            RequestId = request.RequestId,
            Root = root.Name,
            Certificate = root.Issuer.CertificateDer,
        }));
    }
}
