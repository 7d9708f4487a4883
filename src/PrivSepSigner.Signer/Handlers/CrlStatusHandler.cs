using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Crls;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers CrlStatusRequest: the CRL policy, and per loaded key version of the root its base and deltas.</summary>
internal sealed class CrlStatusHandler : RequestHandler<CrlStatusRequest>
{
    private readonly RootRegistry roots;
    private readonly CrlService crls;
    private readonly CrlPolicyConfig policy;

    public CrlStatusHandler(RootRegistry roots, CrlService crls, CrlPolicyConfig policy)
    {
        this.roots = roots;
        this.crls = crls;
        this.policy = policy;
    }

    public override MessageType RequestType => MessageType.CrlStatusRequest;

    protected override Answer Handle(CrlStatusRequest request, Batch batch, DateTimeOffset received)
    {
        if (roots.Find(request.Root) is not { } current)
        {
            return Answer.UnknownRoot(request.RequestId, request.Root);
        }

        var versions = roots.Versions(request.Root).OrderByDescending(v => v == current).ThenByDescending(v => v.Issuer.NotAfter);
        return new Answer(MessageType.CrlStatusResponse, MessageCodec.Serialize(new CrlStatusResponse
        {
            RequestId = request.RequestId,
            Root = request.Root,
            ValidityHours = policy.ValidityHours,
            ResignBeforeHours = policy.ResignBeforeHours,
            DeltaValidityHours = policy.DeltaValidityHours,
            Versions = versions.Select(v => crls.Status(v.CrlScope)).ToArray(),
        }));
    }
}
