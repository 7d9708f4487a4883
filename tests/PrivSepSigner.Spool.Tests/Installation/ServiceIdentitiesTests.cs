using PrivSepSigner.Spool.Installation;

namespace PrivSepSigner.Spool.Tests.Installation;

/// <summary>
/// The key holder's account was once called privsep-signer, like the front end's program. A
/// config still naming it is refused before any account is looked up, with the rename to do.
/// </summary>
public sealed class ServiceIdentitiesTests
{
    [Fact]
    public void The_former_signer_account_name_is_refused_with_the_rename_to_do()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ServiceIdentities.Resolve("privsep-comm", "privsep-signer", "privsep"));

        Assert.StartsWith("users.signer is \"privsep-signer\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("usermod -l privsep-signerd privsep-signer && groupmod -n privsep-signerd privsep-signer", e.Message, StringComparison.Ordinal);
        Assert.Contains("set users.signer to \"privsep-signerd\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_former_name_is_refused_only_as_the_signer_account()
    {
        // Any other use of the name is looked up like every account (a host may still have it).
        var e = Assert.Throws<InvalidOperationException>(() => ServiceIdentities.Resolve("privsep-signer", "pss-no-such-signer", "pss-no-such-group"));

        Assert.StartsWith("no such ", e.Message, StringComparison.Ordinal);
    }
}
