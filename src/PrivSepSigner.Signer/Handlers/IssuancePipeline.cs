using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance;
using PrivSepSigner.Policy;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;
using PrivSepSigner.Signer.State;
using Serilog;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// The one issuance path behind SignX509Request, SignX509WithNamesRequest and SignSpkacRequest: idempotency by
/// request id, the clock policy, root and profile (a ceremony-only profile is refused: the
/// link never gets a sub-CA or OCSP-responder certificate unless the operator opened the
/// profile), the request's own parsing (CSR or SPKAC), then the shared <see cref="IssuanceSteps"/>:
/// key and profile checks, Prepare (TBS and lint) and Sign (the only step that touches the key,
/// between two audit lines). Everything in the certificate except the requester's public key
/// and the filtered subject and SANs comes from the profile and the signer's own clock.
/// </summary>
internal sealed class IssuancePipeline
{
    private readonly RootRegistry roots;
    private readonly IssuanceDatabase database;
    private readonly ClockGuard clock;
    private readonly IssuanceSteps steps;
    private readonly ILogger log;

    public IssuancePipeline(RootRegistry roots, IssuanceDatabase database, ClockGuard clock, IssuanceSteps steps, ILogger log)
    {
        this.roots = roots;
        this.database = database;
        this.clock = clock;
        this.steps = steps;
        this.log = log;
    }

    public Answer Issue(IssuanceRequest request, Batch batch)
    {
        var fingerprint = request.Fingerprint;
        if (StoredAnswers.Resend(batch, database, request.RequestId, fingerprint) is { } earlier)
        {
            return Replay(request, earlier);
        }

        if (clock.RefuseSigning(request.FrontEndTimeUnixMs, request.Received) is { } skew)
        {
            return Refuse(request, ErrorCode.ClockSkew, skew);
        }

        if (!roots.Exists(request.Root))
        {
            return Answer.UnknownRoot(request.RequestId, request.Root);
        }

        // One key version for the whole request: a rollover meanwhile does not touch it.
        if (roots.IssuerAt(request.Root, batch.Now) is not { } root)
        {
            log.Error("audit: root {Root} has no key version whose certificate is valid now; refusing request {RequestId}", request.Root, request.RequestId);
            return Answer.Error(request.RequestId, ErrorCode.Unavailable, $"root: \"{request.Root}\" has no CA certificate valid now");
        }

        if (!root.Profiles.TryGetValue(request.Profile, out var profile))
        {
            return Answer.Error(request.RequestId, ErrorCode.UnknownProfile, $"profile: root \"{root.Name}\" has no profile \"{request.Profile}\"");
        }

        if (!profile.LinkReachable)
        {
            // The comm handler refuses it first; this is the signer's own check of what came past it.
            return Refuse(request, ErrorCode.PolicyRefused, ProfileConfig.CeremonyOnlyRefusal(profile.Name));
        }

        CsrInfo csr;
        try
        {
            csr = request.Parse();
        }
        catch (CsrException e)
        {
            return Refuse(request, ErrorCode.InvalidRequest, $"{request.Field}: {e.Message}");
        }

        return steps.Check(profile, csr, batch.TryClaimKey) switch
        {
            PolicyResult.Approved approved => Sign(request, root, profile, csr, approved, fingerprint, batch),
            PolicyResult.Refused refused => Refuse(request, ErrorCode.PolicyRefused, $"{refused.Code}: {refused.Message}"),
            _ => throw new InvalidOperationException("unexpected policy result"),
        };
    }

    private Answer Sign(IssuanceRequest request, SigningRoot root, Profile profile, CsrInfo csr, PolicyResult.Approved approved, string fingerprint, Batch batch)
    {
        PreparedCertificate prepared;
        try
        {
            prepared = steps.Prepare(root, profile, csr, approved, batch.ClaimSerial, batch.Now);
        }
        catch (IssuanceException e)
        {
            return Refuse(request, ErrorCode.PolicyRefused, $"certificate would break a rule: {e.Message}");
        }

        IssuedCertificate issued;
        try
        {
            issued = steps.Sign(request.RequestId, root, profile, prepared, csr.SpkiSha256Hex);
        }
        catch (IssuanceException)
        {
            return Answer.Error(request.RequestId, ErrorCode.Internal, "signing failed; see the signer's log");
        }
        catch (Keys.KeyUnavailableException)
        {
            // The token is down; its one alarm is logged by the token's availability event.
            return Answer.Error(request.RequestId, ErrorCode.Unavailable, "the CA key is unavailable (token); retry later");
        }

        var response = request.Respond(issued);
        batch.Remember(
            IssuanceSteps.Record(issued, root, profile, request.RequestId, batch.Now),
            new StoredAnswer(request.RequestId, fingerprint, (byte)request.ResponseType, response));
        return new Answer(request.ResponseType, response);
    }

    /// <summary>The <see cref="StoredAnswers"/> answer to a request id seen before, logged: a conflict as a refusal.</summary>
    private Answer Replay(IssuanceRequest request, Answer earlier)
    {
        if (earlier.Refusal is { } conflict)
        {
            LogRefusal(request, conflict.Code, conflict.Message);
        }
        else
        {
            log.Information("request {RequestId} seen before; answering with the stored answer", request.RequestId);
        }

        return earlier;
    }

    private Answer Refuse(IssuanceRequest request, ErrorCode code, string message)
    {
        LogRefusal(request, code, message);
        return Answer.Error(request.RequestId, code, message);
    }

    private void LogRefusal(IssuanceRequest request, ErrorCode code, string message) =>
        log.Warning("audit: refused request {RequestId} root {Root} profile {Profile}: {Code} {Message}", request.RequestId, request.Root, request.Profile, code, message);
}
