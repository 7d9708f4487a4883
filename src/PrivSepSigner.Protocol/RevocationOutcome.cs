namespace PrivSepSigner.Protocol;

/// <summary>What a revocation request did to one serial (values never reused).</summary>
public enum RevocationOutcome
{
    /// <summary>Revoked now.</summary>
    Revoked = 0,

    /// <summary>Already revoked with the same reason: nothing changed (a revocation is idempotent).</summary>
    AlreadyRevoked = 1,

    /// <summary>This root never issued the serial.</summary>
    Unknown = 2,

    /// <summary>Already revoked, and its reason raised now (to keyCompromise or cACompromise, or a hold made permanent).</summary>
    ReasonChanged = 3,

    /// <summary>A certificateHold released (reason 8, removeFromCRL).</summary>
    Released = 4,

    /// <summary>Refused: already revoked with a reason that cannot change to the one asked for, or not on hold.</summary>
    Refused = 5,
}
