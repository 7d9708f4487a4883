using PrivSepSigner.Issuance.OpenPgp;

namespace PrivSepSigner.Issuance.Tests.OpenPgp;

/// <summary>
/// Which user IDs the CA certifies, and how, checked with the real gpg: a user ID its owner
/// revoked is not certified (issue 22 item 3), a user ID with control characters is refused
/// (issue 15 item 7; RFC 9580 5.11: a user ID is UTF-8 text), and the certification's
/// expiration subpacket is critical as GnuPG writes it (issue 16 item 8; RFC 9580 5.2.3.18).
/// </summary>
public sealed class UserIdRulesTests : IClassFixture<OpenPgpCertifierTests.CaFixture>
{
    private const string Alice = "Alice Example <alice@example.test>";
    private const string AliceWork = "Alice at Work <alice@work.example.test>";
    private const string Injected = "Mallory <m@example.test>\nINFO privsep-signerd: audit: certified everything";

    private readonly OpenPgpCaKey ca;

    public UserIdRulesTests(OpenPgpCertifierTests.CaFixture fixture) => ca = fixture.Ca;

    private static Gpg KeyWith(params string[] extraUids)
    {
        var user = new Gpg();
        Assert.Equal(0, user.Run("--quick-gen-key", Alice, "ed25519", "default", "never").Exit);
        foreach (var uid in extraUids)
        {
            Assert.Equal(0, user.Run("--quick-add-uid", Alice, uid).Exit);
        }

        return user;
    }

    [Fact]
    public void A_user_id_revoked_by_its_owner_is_not_certified()
    {
        using var user = KeyWith(AliceWork);
        var revoke = user.Run("--quick-revoke-uid", Alice, AliceWork);
        Assert.True(revoke.Exit == 0, revoke.Stderr);
        var key = user.Export(Alice);

        // All user IDs: only the one still valid.
        var (_, _, certified) = OpenPgpCertifier.Certify(ca, key, [], DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal([Alice], certified);

        // Asked for by name: refused, saying why.
        var e = Assert.Throws<PgpRefusedException>(() => OpenPgpCertifier.Certify(ca, key, [AliceWork], DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Contains("revoked", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_id_with_control_characters_is_refused_and_nothing_is_certified()
    {
        using var user = KeyWith(Injected);
        var key = user.Export(Alice);

        // All user IDs: the whole key is refused (nothing certified), the message escapes the user ID.
        var all = Assert.Throws<PgpRefusedException>(() => OpenPgpCertifier.Certify(ca, key, [], DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Contains("control character", all.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", all.Message, StringComparison.Ordinal);

        // Asked for by name: refused.
        var named = Assert.Throws<PgpRefusedException>(() => OpenPgpCertifier.Certify(ca, key, [Injected], DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Contains("control character", named.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", named.Message, StringComparison.Ordinal);

        // A clean user ID named explicitly is still certified, the other one is not.
        var (_, _, certified) = OpenPgpCertifier.Certify(ca, key, [Alice], DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal([Alice], certified);
    }

    [Fact]
    public void The_signature_expiration_subpacket_is_critical()
    {
        using var user = KeyWith();
        var (armored, _, _) = OpenPgpCertifier.Certify(ca, user.Export(Alice), [Alice], DateTimeOffset.UtcNow.AddMinutes(1));
        var packets = user.RunWithInput(armored, "--list-packets");
        Assert.True(packets.Exit == 0, packets.Stderr);
        Assert.Contains("critical hashed subpkt 3 len 4 (sig expires after", packets.Stdout, StringComparison.Ordinal);
    }
}
