using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// What a revocation request does to one certificate (RFC 5280 5.3.1), shared by RevokeRequest
/// and RevokeBatchRequest:
/// <list type="bullet">
/// <item>a certificate that is not revoked is revoked with the reason asked for;</item>
/// <item>asking again with the reason it has changes nothing and succeeds (idempotent);</item>
/// <item>a reason can be raised to a compromise (keyCompromise, cACompromise, aACompromise):
/// the revocation date stays, and the invalidity date (5.3.2) is the earlier revocation date
/// unless one was recorded;</item>
/// <item>a certificateHold can be made permanent (any other reason, the date kept) or released
/// with reason 8 (removeFromCRL): it is valid again, and delta CRLs list it as removeFromCRL;</item>
/// <item>anything else is refused, saying why.</item>
/// </list>
/// </summary>
internal static class RevocationRules
{
    private const int CertificateHold = 6;
    private const int RemoveFromCrl = 8;
    private static readonly int[] Compromises = [1, 2, 10];

    /// <summary>The outcome and, when something changes, the change to commit; a refusal's reason otherwise.</summary>
    public static (RevocationOutcome Outcome, RevocationRecord? Change, string? Refusal) Decide(string root, CertificateStatus? current, int reason, DateTimeOffset now)
    {
        if (current is null)
        {
            return (RevocationOutcome.Unknown, null, $"was never issued by root \"{root}\"");
        }

        var serial = current.SerialHex;
        if (current.RevokedAt is not { } revokedAt)
        {
            return reason == RemoveFromCrl
                ? (RevocationOutcome.Refused, null, "is not on hold, so it cannot be released (reason 8, removeFromCRL)")
                : (RevocationOutcome.Revoked, new RevocationRecord(root, serial, now, reason), null);
        }

        var had = current.Reason ?? 0;
        if (reason == had)
        {
            return (RevocationOutcome.AlreadyRevoked, null, null);
        }

        if (reason == RemoveFromCrl)
        {
            return had == CertificateHold
                ? (RevocationOutcome.Released, new RevocationRecord(root, serial, revokedAt, RemoveFromCrl) { Change = RevocationChange.Release, Previous = had, ChangedAt = now }, null)
                : (RevocationOutcome.Refused, null, $"is revoked ({Name(had)}), not on hold; only a certificateHold can be released");
        }

        if (had == CertificateHold || (Compromises.Contains(reason) && !Compromises.Contains(had)))
        {
            var invalidity = Compromises.Contains(reason) ? current.InvalidityDate ?? revokedAt : current.InvalidityDate;
            return (RevocationOutcome.ReasonChanged, new RevocationRecord(root, serial, revokedAt, reason) { Change = RevocationChange.ChangeReason, Previous = had, InvalidityDate = invalidity, ChangedAt = now }, null);
        }

        return (RevocationOutcome.Refused, null, $"is already revoked ({Name(had)}); a reason can only be raised to a compromise, or a certificateHold made permanent or released");
    }

    /// <summary>The reason a certificate has after an outcome (8 for a release; -1 for none).</summary>
    public static int ReasonAfter(RevocationOutcome outcome, CertificateStatus? current, int asked) => outcome switch
    {
        RevocationOutcome.Revoked or RevocationOutcome.ReasonChanged or RevocationOutcome.Released => asked,
        RevocationOutcome.AlreadyRevoked => current?.Reason ?? 0,
        _ => current?.RevokedAt is null ? -1 : current.Reason ?? 0,
    };

    private static string Name(int reason) => RevocationReasons.NameOf(reason)!;
}
