namespace PrivSepSigner.Signer.State;

/// <summary>
/// A CRL as issued and stored: full when <see cref="BaseNumber"/> is null, else a delta
/// against it. <see cref="RevokedCount"/> is how many certificates of its scope were revoked
/// when it was made, so a new revocation makes it stale without comparing timestamps.
/// </summary>
internal sealed record StoredCrl(CrlScope Scope, long Number, long? BaseNumber, DateTimeOffset ThisUpdate, DateTimeOffset NextUpdate, byte[] Der, long RevokedCount)
{
    public string Root => Scope.Root;
}
