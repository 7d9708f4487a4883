namespace PrivSepSigner.Spool.Installation;

/// <summary>
/// The numeric identities of the privilege split: the comm user, the signer user and the
/// group they share. In a development install all three are the invoking user's.
/// </summary>
public sealed record ServiceIdentities(uint CommUid, uint SignerUid, uint GroupGid, bool IsDevelopment)
{
    public static ServiceIdentities Resolve(string? commUser, string? signerUser, string? group)
    {
        if (string.IsNullOrEmpty(commUser) && string.IsNullOrEmpty(signerUser) && string.IsNullOrEmpty(group))
        {
            return new ServiceIdentities(Accounts.UnixAccount.EffectiveUid, Accounts.UnixAccount.EffectiveUid, Accounts.UnixAccount.EffectiveGid, true);
        }

        if (string.IsNullOrEmpty(commUser) || string.IsNullOrEmpty(signerUser) || string.IsNullOrEmpty(group))
        {
            throw new InvalidOperationException("users.comm, users.signer and users.group must be set together");
        }

        var ids = new ServiceIdentities(Accounts.UnixAccount.UidOf(commUser), Accounts.UnixAccount.UidOf(signerUser), Accounts.UnixAccount.GidOf(group), false);
        if (ids.CommUid == ids.SignerUid || ids.CommUid == 0 || ids.SignerUid == 0)
        {
            throw new InvalidOperationException("users.comm and users.signer must be two different, unprivileged users");
        }

        return ids;
    }
}
