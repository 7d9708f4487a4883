using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Crls;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers CrlRequest with the full CRL of a root's current key version (or of the retired
/// version the request names), or a delta CRL against the base the front end holds, as the
/// name of the published CRL file (the comm handler sends the CRL itself). A CRL being made is
/// answered RetryLater: the front end resends the same request shortly (<see cref="CrlService"/>).
/// </summary>
internal sealed class CrlHandler : RequestHandler<CrlRequest>
{
    private readonly RootRegistry roots;
    private readonly CrlService crls;

    public CrlHandler(RootRegistry roots, CrlService crls)
    {
        this.roots = roots;
        this.crls = crls;
    }

    public override MessageType RequestType => MessageType.CrlRequest;

    protected override Answer Handle(CrlRequest request, Batch batch, DateTimeOffset received)
    {
        if (CrlAnswers.Version(roots, request.RequestId, request.Root, request.IssuerCertificateSha256, out var version) is { } refused)
        {
            return refused;
        }

        try
        {
            return CrlAnswers.From(request.RequestId, request.Delta ? crls.Delta(version!.CrlScope, request.BaseCrlNumber, batch.Now) : crls.Full(version!.CrlScope, batch.Now));
        }
        catch (KeyNotFoundException e)
        {
            return Answer.Error(request.RequestId, ErrorCode.InvalidRequest, e.Message);
        }
    }
}
