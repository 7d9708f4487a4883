namespace PrivSepSigner.Signer.State;

/// <summary>
/// A change of a certificate's revocation status as recorded (the signer's clock, RFC 5280
/// 5.3.1 reasons): a revocation; a change of the reason of a revoked certificate (raised to a
/// compromise, or a certificateHold made permanent), keeping its revocation date; or the release
/// of a hold. <see cref="Previous"/> is the reason the certificate must still have when the
/// change is committed (null: not revoked), so that two changes decided on the same state can
/// never both apply.
/// </summary>
internal sealed record RevocationRecord(string Root, string SerialHex, DateTimeOffset RevokedAt, int Reason)
{
    public RevocationChange Change { get; init; } = RevocationChange.Revoke;

    /// <summary>The reason the certificate has now; null when it is not revoked.</summary>
    public int? Previous { get; init; }

    /// <summary>RFC 5280 5.3.2: when the key is known or suspected to have been compromised.</summary>
    public DateTimeOffset? InvalidityDate { get; init; }

    /// <summary>When the change is made (for a reason change or a release, later than <see cref="RevokedAt"/>).</summary>
    public DateTimeOffset ChangedAt { get; init; } = RevokedAt;
}
