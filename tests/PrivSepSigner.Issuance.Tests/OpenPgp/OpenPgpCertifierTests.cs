using PrivSepSigner.Issuance.OpenPgp;

namespace PrivSepSigner.Issuance.Tests.OpenPgp;

/// <summary>
/// OpenPGP certification made with BouncyCastle only, checked by the real gpg: a fresh
/// keyring holding the CA key shows a good certification ("sig:!:") by the CA on exactly
/// the user IDs asked for. Weak, expired, tampered, secret and garbage keys are refused.
/// </summary>
public sealed class OpenPgpCertifierTests : IClassFixture<OpenPgpCertifierTests.CaFixture>
{
    private const string Alice = "Alice Example <alice@example.test>";
    private const string AliceWork = "Alice at Work <alice@work.example.test>";

    private readonly OpenPgpCaKey ca;

    public OpenPgpCertifierTests(CaFixture fixture) => ca = fixture.Ca;

    [Fact]
    public void Gpg_sees_a_good_certification_by_the_ca_on_the_chosen_user_id_only()
    {
        using var user = new Gpg();
        Assert.Equal(0, user.Run("--quick-gen-key", Alice, "rsa3072", "default", "never").Exit);
        Assert.Equal(0, user.Run("--quick-add-uid", Alice, AliceWork).Exit);
        var (armored, fingerprint, certified) = OpenPgpCertifier.Certify(ca, user.Export(Alice, armor: true), [Alice], DateTimeOffset.UtcNow);
        Assert.Equal([Alice], certified);

        using var relying = new Gpg();
        Assert.Equal(0, relying.RunWithInput(ca.ExportPublicArmored(), "--import").Exit);
        Assert.Equal(0, relying.RunWithInput(armored, "--import").Exit);
        var sigs = relying.Run("--with-colons", "--check-sigs", fingerprint);
        Assert.Equal(0, sigs.Exit);
        var caKeyId = ca.FingerprintHex[^16..];
        var lines = sigs.Stdout.Split('\n');
        var aliceAt = Array.FindIndex(lines, l => l.StartsWith("uid:", StringComparison.Ordinal) && l.Contains("alice@example.test", StringComparison.Ordinal));
        var workAt = Array.FindIndex(lines, l => l.StartsWith("uid:", StringComparison.Ordinal) && l.Contains("alice@work.example.test", StringComparison.Ordinal));
        Assert.True(aliceAt >= 0 && workAt >= 0, sigs.Stdout);
        bool CertifiedByCa(int from, int to) => lines[from..to].Any(l => l.StartsWith("sig:!:", StringComparison.Ordinal) && l.Contains(caKeyId, StringComparison.Ordinal));
        var aliceEnd = aliceAt < workAt ? workAt : lines.Length;
        var workEnd = workAt < aliceAt ? aliceAt : lines.Length;
        Assert.True(CertifiedByCa(aliceAt, aliceEnd), sigs.Stdout);
        Assert.False(CertifiedByCa(workAt, workEnd), sigs.Stdout);
    }

    [Fact]
    public void An_rsa_1024_key_is_refused()
    {
        using var user = new Gpg();
        Assert.Equal(0, user.Run("--quick-gen-key", Alice, "rsa1024", "default", "never").Exit);
        var e = Assert.Throws<PgpRefusedException>(() => OpenPgpCertifier.Certify(ca, user.Export(Alice), [], DateTimeOffset.UtcNow));
        Assert.Contains("too weak", e.Message);
    }

    [Fact]
    public void An_expired_key_is_refused()
    {
        using var user = new Gpg();
        Assert.Equal(0, user.Run("--faked-system-time", "20200101T000000!", "--quick-gen-key", Alice, "rsa3072", "default", "1d").Exit);
        var e = Assert.Throws<PgpRefusedException>(() => OpenPgpCertifier.Certify(ca, user.Export(Alice), [], DateTimeOffset.UtcNow));
        Assert.Contains("expired", e.Message);
    }

    [Fact]
    public void A_tampered_self_signature_secret_key_or_garbage_is_refused()
    {
        using var user = new Gpg();
        Assert.Equal(0, user.Run("--quick-gen-key", Alice, "ed25519", "default", "never").Exit);
        var binary = user.Export(Alice);
        var tampered = binary.ToArray();
        tampered[^3] ^= 0x01; // inside the last signature packet (the self-signature)
        Assert.Throws<PgpRefusedException>(() => OpenPgpCertifier.Certify(ca, tampered, [Alice], DateTimeOffset.UtcNow));
        var secret = Assert.Throws<PgpRefusedException>(() => OpenPgpCertifier.Certify(ca, user.Export(Alice, secret: true), [], DateTimeOffset.UtcNow));
        Assert.Contains("secret key", secret.Message);
        Assert.Throws<PgpRefusedException>(() => OpenPgpCertifier.Certify(ca, "not a key"u8.ToArray(), [], DateTimeOffset.UtcNow));
        Assert.Throws<PgpRefusedException>(() => OpenPgpCertifier.Certify(ca, new byte[OpenPgpCertifier.MaxKeyBytes + 1], [], DateTimeOffset.UtcNow));
        var unknownUid = Assert.Throws<PgpRefusedException>(() => OpenPgpCertifier.Certify(ca, binary, ["Mallory <m@example.test>"], DateTimeOffset.UtcNow));
        Assert.Contains("no user ID", unknownUid.Message);
    }

    [Fact]
    public void The_ca_key_round_trips_through_its_stored_form()
    {
        var loaded = OpenPgpCaKey.Load(ca.ExportSecretArmored());
        Assert.Equal(ca.FingerprintHex, loaded.FingerprintHex);
        Assert.Equal(40, ca.FingerprintHex.Length);
    }

    /// <summary>One CA key for the class: RSA-3072 generation takes a moment.</summary>
    public sealed class CaFixture
    {
        public OpenPgpCaKey Ca { get; } = OpenPgpCaKey.Generate("PrivSepSigner Test CA <ca@example.test>", DateTimeOffset.UtcNow);
    }
}
