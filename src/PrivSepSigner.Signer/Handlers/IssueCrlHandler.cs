using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Crls;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;
using Serilog;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers IssueCrlRequest: a full CRL that lists everything revoked so far, made now if
/// anything changed since the newest one (the operator's "issue a CRL", and the legacy link's
/// answer to a revocation). Answered RetryLater while it is being made.
/// </summary>
internal sealed class IssueCrlHandler : RequestHandler<IssueCrlRequest>
{
    private readonly RootRegistry roots;
    private readonly CrlService crls;
    private readonly ILogger log;

    public IssueCrlHandler(RootRegistry roots, CrlService crls, ILogger log)
    {
        this.roots = roots;
        this.crls = crls;
        this.log = log;
    }

    public override MessageType RequestType => MessageType.IssueCrlRequest;

    protected override Answer Handle(IssueCrlRequest request, Batch batch, DateTimeOffset received)
    {
        if (CrlAnswers.Version(roots, request.RequestId, request.Root, request.IssuerCertificateSha256, out var version) is { } refused)
        {
            return refused;
        }

        var answer = crls.Fresh(version!.CrlScope, batch.Now);
        if (answer is CrlAnswer.Pending)
        {
            log.Information("audit: request {RequestId} asked for a new full CRL of root {Root}", request.RequestId, request.Root);
        }

        return CrlAnswers.From(request.RequestId, answer);
    }
}
