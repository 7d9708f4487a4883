using System.Security.Cryptography;
using PrivSepSigner.Issuance.OpenPgp;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Issuance.Tests.OpenPgp;

/// <summary>
/// The OpenPGP CA key around a key held by a key backend (on an installation with a token, the
/// token's RSA key; here an OpenSSL-backed key behind the same <see cref="ISigningKey"/>): the
/// public key packet is built from the backend's public key, the self-certification and every
/// certification are signed through the backend, and the real gpg checks them.
/// PrivSepSigner.EndToEnd.Tests: TokenInstallationTests does the same on a SoftHSM2 token.
/// </summary>
public sealed class OpenPgpCaKeyTests
{
    private const string CaId = "Example CA <ca@example.test>";
    private const string Alice = "Alice Example <alice@example.test>";

    [Fact]
    public void A_ca_key_made_around_a_backend_key_is_self_certified_and_its_certifications_check_with_gpg()
    {
        using var rsa = RSA.Create(3072);
        using var ca = OpenPgpCaKey.Create(new RsaSigningKey(RSA.Create(rsa.ExportParameters(true))), CaId, DateTimeOffset.UtcNow);
        Assert.False(ca.HasSecretKeyRing);
        Assert.Throws<InvalidOperationException>(() => ca.ExportSecretArmored());

        using var relying = new Gpg();
        Assert.Equal(0, relying.RunWithInput(ca.ExportPublicArmored(), "--import").Exit);
        var self = relying.Run("--with-colons", "--check-sigs", ca.FingerprintHex);
        Assert.Equal(0, self.Exit);
        // gpg --with-colons: "!" a good signature, algorithm 1 (RSA), by the CA key itself, class 13x (positive certification).
        Assert.Matches($@"(?m)^sig:!::1:{ca.FingerprintHex[^16..]}:(?:[^:]*:){{5}}13x:", self.Stdout);

        using var user = new Gpg();
        Assert.Equal(0, user.Run("--quick-gen-key", Alice, "ed25519", "default", "never").Exit);
        var (armored, fingerprint, _) = OpenPgpCertifier.Certify(ca, user.Export(Alice, armor: true), [Alice], DateTimeOffset.UtcNow);
        Assert.Equal(0, relying.RunWithInput(armored, "--import").Exit);
        var sigs = relying.Run("--with-colons", "--check-sigs", fingerprint);
        Assert.Equal(0, sigs.Exit);
        Assert.Matches($@"(?m)^sig:!::1:{ca.FingerprintHex[^16..]}:", sigs.Stdout);
    }

    [Fact]
    public void The_stored_public_key_ring_opens_with_its_own_key_only()
    {
        using var rsa = RSA.Create(3072);
        byte[] ring;
        string fingerprint;
        using (var made = OpenPgpCaKey.Create(new RsaSigningKey(RSA.Create(rsa.ExportParameters(true))), CaId, DateTimeOffset.UtcNow.AddDays(-3)))
        {
            (ring, fingerprint) = (made.ExportPublicArmored(), made.FingerprintHex);
        }

        using (var again = OpenPgpCaKey.Open(ring, new RsaSigningKey(RSA.Create(rsa.ExportParameters(true)))))
        {
            Assert.Equal(fingerprint, again.FingerprintHex);
        }

        Assert.Throws<InvalidDataException>(() => OpenPgpCaKey.Open(ring, new RsaSigningKey(RSA.Create(3072))));
    }

    [Fact]
    public void A_backend_key_that_is_not_rsa_is_refused()
    {
        var key = new EcdsaSigningKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        Assert.Throws<InvalidDataException>(() => OpenPgpCaKey.Create(key, CaId, DateTimeOffset.UtcNow));
    }
}
