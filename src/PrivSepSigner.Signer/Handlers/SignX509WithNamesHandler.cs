using PrivSepSigner.Policy;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers SignX509WithNamesRequest (issue 16): the CSR is parsed and its self-signature
/// verified as for any CSR (proof of possession, RFC 2986 3), then only its key is used; the
/// subject and SANs are the ones the front end stated, parsed as a SPKAC's are and filtered by
/// the profile exactly like a CSR's. Answered with a SignX509Response.
/// </summary>
internal sealed class SignX509WithNamesHandler(IssuancePipeline pipeline) : RequestHandler<SignX509WithNamesRequest>
{
    public override MessageType RequestType => MessageType.SignX509WithNamesRequest;

    protected override Answer Handle(SignX509WithNamesRequest request, Batch batch, DateTimeOffset received)
    {
        return pipeline.Issue(
            new IssuanceRequest(
                request,
                received,
                "sign-x509-names",
                "csr",
                [request.Csr, IssuanceRequest.NamesPart(request.Subject, request.Sans)],
                () => CsrInfo.Parse(request.Csr).WithStatedNames(StatedNames.Subject(request.Subject), StatedNames.Sans(request.Sans)),
                MessageType.SignX509Response,
                SignX509Handler.Respond(request.RequestId, request.Root, request.Profile)),
            batch);
    }
}
