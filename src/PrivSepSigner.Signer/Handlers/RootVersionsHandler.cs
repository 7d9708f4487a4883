using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers RootVersionsRequest with a root's loaded key versions and their CA certificates
/// (public data), newest first; older versions are left out, and the answer says so, when
/// all of them would not fit one frame.
/// </summary>
internal sealed class RootVersionsHandler : RequestHandler<RootVersionsRequest>
{
    private readonly RootRegistry roots;

    public RootVersionsHandler(RootRegistry roots) => this.roots = roots;

    public override MessageType RequestType => MessageType.RootVersionsRequest;

    protected override Answer Handle(RootVersionsRequest request, Batch batch, DateTimeOffset received)
    {
        if (roots.Find(request.Root) is not { } current)
        {
            return Answer.Error(request.RequestId, ErrorCode.UnknownRoot, $"root: no root named \"{request.Root}\" is loaded");
        }

        var versions = roots.Versions(request.Root).Reverse()
            .Where(v => request.IssuerCertificateSha256 is null || v.Issuer.CertificateSha256Hex == request.IssuerCertificateSha256)
            .ToList();
        if (versions.Count == 0)
        {
            return Answer.Error(request.RequestId, ErrorCode.InvalidRequest, $"issuerCertificateSha256: root \"{request.Root}\" has no loaded key version with that CA certificate");
        }

        var listed = new List<RootVersion>();
        var size = 0;
        foreach (var v in versions)
        {
            var entry = new RootVersion
            {
                Version = v.Version,
                Current = ReferenceEquals(v, current),
                KeyAlgorithm = v.Issuer.KeyDescription,
                CertificateSha256 = v.Issuer.CertificateSha256Hex,
                NotBeforeUnixMs = v.Issuer.NotBefore.ToUnixTimeMilliseconds(),
                NotAfterUnixMs = v.Issuer.NotAfter.ToUnixTimeMilliseconds(),
                Certificate = v.Issuer.CertificateDer,
            };
            size += MessageCodec.Serialize(entry).Length;
            if (size > ListCertificatesHandler.BodyBudget)
            {
                break;
            }

            listed.Add(entry);
        }

        return new Answer(MessageType.RootVersionsResponse, MessageCodec.Serialize(new RootVersionsResponse
        {
            RequestId = request.RequestId,
            Root = request.Root,
            Versions = [.. listed],
            Truncated = listed.Count < versions.Count,
        }));
    }
}
