using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers CaCertRequest with the root's certificate (public data).</summary>
internal sealed class CaCertHandler : IRequestHandler
{
    private readonly RootRegistry roots;

    public CaCertHandler(RootRegistry roots) => this.roots = roots;

    public MessageType RequestType => MessageType.CaCertRequest;

    public Answer Handle(ReadOnlyMemory<byte> body, Batch batch)
    {
        var request = MessageCodec.Deserialize<CaCertRequest>(body);
        MessageValidator.Validate(request);
        if (roots.Find(request.Root) is not { } root)
        {
            return Answer.Error(request.RequestId, ErrorCode.UnknownRoot, $"root: no root named \"{request.Root}\"");
        }

        return new Answer(MessageType.CaCertResponse, MessageCodec.Serialize(new CaCertResponse
        {
            RequestId = request.RequestId,
            Root = root.Name,
            Certificate = root.Issuer.CertificateDer,
        }));
    }
}
