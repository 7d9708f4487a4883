using PrivSepSigner.Issuance;
using PrivSepSigner.Policy;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers SignX509Request: a PKCS#10 request (RFC 2986), re-validated here, through the issuance pipeline.</summary>
internal sealed class SignX509Handler(IssuancePipeline pipeline) : RequestHandler<SignX509Request>
{
    public override MessageType RequestType => MessageType.SignX509Request;

    protected override Answer Handle(SignX509Request request, Batch batch, DateTimeOffset received)
    {
        return pipeline.Issue(
            new IssuanceRequest(
                request,
                received,
                "sign-x509",
                "csr",
                [request.Csr],
                () => CsrInfo.Parse(request.Csr),
                MessageType.SignX509Response,
                Respond(request.RequestId, request.Root, request.Profile)),
            batch);
    }

    /// <summary>The answer to a CSR, whether its names came from it or from the request: a SignX509Response.</summary>
    internal static Func<IssuedCertificate, byte[]> Respond(string requestId, string root, string profile) =>
        issued => MessageCodec.Serialize(new SignX509Response
        {
            RequestId = requestId,
            Certificate = issued.Der,
            SerialHex = issued.SerialHex,
            Root = root,
            Profile = profile,
        });
}
