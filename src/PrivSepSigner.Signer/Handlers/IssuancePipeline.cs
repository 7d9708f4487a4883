using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Issuance;
using PrivSepSigner.Policy;
using PrivSepSigner.Policy.KeyChecks;
using PrivSepSigner.Protocol;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;
using PrivSepSigner.Signer.State;
using Serilog;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// The one issuance path behind SignX509Request and SignSpkacRequest: idempotency by
/// request id, the clock policy, root and profile, the request's own parsing (CSR or SPKAC),
/// unique-key and profile policy, then Prepare (TBS and lint) and Issue (the only step that
/// touches the key), with an audit line before and after the signature. Everything in the
/// certificate except the requester's public key and the filtered subject and SANs comes
/// from the profile and the signer's own clock.
/// </summary>
internal sealed class IssuancePipeline
{
    private readonly RootRegistry roots;
    private readonly IssuanceDatabase database;
    private readonly ClockGuard clock;
    private readonly ILogger log;

    private readonly IReadOnlySet<string> uniqueKeyProfiles;
    private readonly IReadOnlySet<string> blockedKeys;

    public IssuancePipeline(RootRegistry roots, IssuanceDatabase database, ClockGuard clock, IReadOnlySet<string> uniqueKeyProfiles, IReadOnlySet<string> blockedKeys, ILogger log)
    {
        this.blockedKeys = blockedKeys;
        this.uniqueKeyProfiles = uniqueKeyProfiles;
        this.roots = roots;
        this.database = database;
        this.clock = clock;
        this.log = log;
    }

    public Answer Issue(IssuanceRequest request, Batch batch)
    {
        var fingerprint = request.Fingerprint;
        if ((batch.FindAnswer(request.RequestId) ?? database.FindAnswer(request.RequestId)) is { } earlier)
        {
            return Replay(request, fingerprint, earlier);
        }

        if (clock.RefuseSigning(request.FrontEndTimeUnixMs, request.Received) is { } skew)
        {
            return Refuse(request, ErrorCode.ClockSkew, skew);
        }

        if (!roots.Exists(request.Root))
        {
            return Answer.Error(request.RequestId, ErrorCode.UnknownRoot, $"root: no root named \"{request.Root}\"");
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

        CsrInfo csr;
        try
        {
            csr = request.Parse();
        }
        catch (CsrException e)
        {
            return Refuse(request, ErrorCode.InvalidRequest, $"{request.Field}: {e.Message}");
        }

        if (KeyQuality.Check(csr, blockedKeys) is { } weak)
        {
            return Refuse(request, ErrorCode.PolicyRefused, $"{weak.Code}: {weak.Message}");
        }

        if (uniqueKeyProfiles.Contains(profile.Name) && (database.KeyCertified(csr.SpkiSha256Hex) || !batch.TryClaimKey(csr.SpkiSha256Hex)))
        {
            return Refuse(request, ErrorCode.PolicyRefused, $"KeyReused: profile \"{profile.Name}\" refuses a public key this CA has already certified");
        }

        return ProfilePolicy.Evaluate(profile, csr) switch
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
            // Prepare: policy is done; build and lint the TBS. No key is touched.
            prepared = root.Issuer.Prepare(profile, csr, approved, NewUniqueSerial(batch), batch.Now);
        }
        catch (IssuanceException e)
        {
            return Refuse(request, ErrorCode.PolicyRefused, $"certificate would break a rule: {e.Message}");
        }

        log.Information(
            "audit: signing request {RequestId} root {Root} key version {Version} profile {Profile} subject {Subject} san {San} serial {Serial} spki {Spki}",
            request.RequestId, root.Name, root.Version, profile.Name, prepared.Subject, string.Join(",", prepared.Sans.Select(x => $"{x.Kind}:{x.Value}")), prepared.SerialHex, csr.SpkiSha256Hex);
        IssuedCertificate issued;
        try
        {
            issued = root.Issuer.Issue(prepared);
        }
        catch (IssuanceException e)
        {
            log.Error("audit: signing FAILED for request {RequestId}: {Error}", request.RequestId, e.Message);
            return Answer.Error(request.RequestId, ErrorCode.Internal, "signing failed; see the signer's log");
        }
        catch (Keys.KeyUnavailableException)
        {
            // The token is down; its one alarm is logged by the token's availability event.
            return Answer.Error(request.RequestId, ErrorCode.Unavailable, "the CA key is unavailable (token); retry later");
        }

        log.Information(
            "audit: signed request {RequestId} result ok root {Root} profile {Profile} serial {Serial} subject {Subject} notAfter {NotAfter:O}",
            request.RequestId, root.Name, profile.Name, issued.SerialHex, issued.SubjectDn, issued.NotAfter);
        var response = request.Respond(issued);
        batch.Remember(
            new IssuedRecord(issued.SerialHex, root.Name, root.Issuer.CertificateSha256Hex, profile.Name, request.RequestId, issued.SubjectDn, issued.SpkiSha256Hex, issued.NotBefore, issued.NotAfter, batch.Now, issued.Der),
            new StoredAnswer(request.RequestId, fingerprint, (byte)request.ResponseType, response));
        return new Answer(request.ResponseType, response);
    }

    /// <summary>
    /// A request id seen before gets the answer it got then, never a second certificate;
    /// the same id with different content is a front-end bug and is refused.
    /// </summary>
    private Answer Replay(IssuanceRequest request, string fingerprint, StoredAnswer earlier)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(earlier.Fingerprint), Encoding.ASCII.GetBytes(fingerprint)))
        {
            return Refuse(request, ErrorCode.RequestIdConflict, "requestId: already used for a different request");
        }

        log.Information("request {RequestId} seen before; answering with the stored answer", request.RequestId);
        return new Answer((MessageType)earlier.ResponseType, earlier.Response);
    }

    private Answer Refuse(IssuanceRequest request, ErrorCode code, string message)
    {
        log.Warning("audit: refused request {RequestId} root {Root} profile {Profile}: {Code} {Message}", request.RequestId, request.Root, request.Profile, code, message);
        return Answer.Error(request.RequestId, code, message);
    }

    /// <summary>CSPRNG serial, unique against the database and this batch (single writer, so race-free).</summary>
    private byte[] NewUniqueSerial(Batch batch)
    {
        while (true)
        {
            var serial = SerialNumbers.NewSerial();
            var hex = Convert.ToHexStringLower(serial).TrimStart('0');
            if (!database.SerialExists(hex) && batch.ClaimSerial(hex))
            {
                return serial;
            }
        }
    }
}
