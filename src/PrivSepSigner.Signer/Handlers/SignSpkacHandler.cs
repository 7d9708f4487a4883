using PrivSepSigner.Policy;
using PrivSepSigner.Policy.Spkac;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers SignSpkacRequest: the SPKAC's signature is verified here, and the subject and
/// SANs the front end sent separately are parsed strictly (<see cref="StatedNames"/>) and then
/// filtered by the profile exactly like a CSR's.
/// </summary>
internal sealed class SignSpkacHandler(IssuancePipeline pipeline) : RequestHandler<SignSpkacRequest>
{
    public override MessageType RequestType => MessageType.SignSpkacRequest;

    protected override Answer Handle(SignSpkacRequest request, Batch batch, DateTimeOffset received)
    {
        return pipeline.Issue(
            new IssuanceRequest(
                request,
                received,
                "sign-spkac",
                "spkac",
                [request.Spkac, IssuanceRequest.NamesPart(request.Subject, request.Sans)],
                () => CsrInfo.FromSpkac(SpkacInfo.Parse(request.Spkac), StatedNames.Subject(request.Subject), StatedNames.Sans(request.Sans)),
                MessageType.SignSpkacResponse,
                issued => MessageCodec.Serialize(new SignSpkacResponse
                {
                    RequestId = request.RequestId,
                    Certificate = issued.Der,
                    SerialHex = issued.SerialHex,
                    Root = request.Root,
                    Profile = request.Profile,
                })),
            batch);
    }
}
