namespace PrivSepSigner.Signer.State;

/// <summary>
/// A CRL as issued and recorded: full when <see cref="BaseNumber"/> is null, else a delta
/// against it. The DER itself is a file in spool/crl named <see cref="Sha256"/> (the database
/// keeps what it needs to answer and to make the next CRL, not 40 MB per CRL).
/// <see cref="Generation"/> is the root's revocation generation the CRL was made from: it is
/// current as long as nothing of the root was revoked or changed since.
/// </summary>
internal sealed record StoredCrl(CrlScope Scope, long Number, long? BaseNumber, DateTimeOffset ThisUpdate, DateTimeOffset NextUpdate, string Sha256, long Length, long Generation, long Entries)
{
    public string Root => Scope.Root;

    public bool IsDelta => BaseNumber is not null;
}
