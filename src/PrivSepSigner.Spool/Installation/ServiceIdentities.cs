using PrivSepSigner.Posix.Accounts;

namespace PrivSepSigner.Spool.Installation;

/// <summary>
/// The numeric identities of the privilege split: the comm user, the signer user and the
/// group they share. In a development install all three are the invoking user's.
/// </summary>
public sealed record ServiceIdentities(uint CommUid, uint SignerUid, uint GroupGid, bool IsDevelopment)
{
    /// <summary>The key holder's account, named after the daemon that runs as it (as privsep-comm is).</summary>
    public const string SignerAccount = "privsep-signerd";

    /// <summary>
    /// The key holder's account name before issue 21: the same as the front end's program. A config
    /// still naming it is an installation not yet migrated, whose unit now runs as another account.
    /// </summary>
    public const string FormerSignerAccount = "privsep-signer";

    public static ServiceIdentities Resolve(string? commUser, string? signerUser, string? group)
    {
        if (string.IsNullOrEmpty(commUser) && string.IsNullOrEmpty(signerUser) && string.IsNullOrEmpty(group))
        {
            return new ServiceIdentities(UnixAccount.EffectiveUid, UnixAccount.EffectiveUid, UnixAccount.EffectiveGid, true);
        }

        if (string.IsNullOrEmpty(commUser) || string.IsNullOrEmpty(signerUser) || string.IsNullOrEmpty(group))
        {
            throw new InvalidOperationException("users.comm, users.signer and users.group must be set together");
        }

        if (signerUser == FormerSignerAccount)
        {
            // Refused rather than resolved: privsep-signerd.service runs as the new account, so the
            // uid check would fail anyway, with a message that does not say what to do.
            throw new InvalidOperationException(
                $"users.signer is \"{FormerSignerAccount}\", the key holder's account name before it became \"{SignerAccount}\" " +
                $"(\"{FormerSignerAccount}\" is now only the front end's program); rename the account, keeping its uid and so every file's owner: " +
                $"usermod -l {SignerAccount} {FormerSignerAccount} && groupmod -n {SignerAccount} {FormerSignerAccount}, " +
                $"then set users.signer to \"{SignerAccount}\" (README, \"Upgrading from an installation with the account privsep-signer\")");
        }

        var ids = new ServiceIdentities(UnixAccount.UidOf(commUser), UnixAccount.UidOf(signerUser), UnixAccount.GidOf(group), false);
        if (ids.CommUid == ids.SignerUid || ids.CommUid == 0 || ids.SignerUid == 0)
        {
            throw new InvalidOperationException("users.comm and users.signer must be two different, unprivileged users");
        }

        return ids;
    }
}
