using CsCheck;
using Org.BouncyCastle.Bcpg.OpenPgp;
using PrivSepSigner.Issuance.OpenPgp;
using PrivSepSigner.Issuance.Tests.OpenPgp;
using PrivSepSigner.TestSupport;

namespace PrivSepSigner.Issuance.Tests.Properties;

/// <summary>
/// Property tests of OpenPGP key input (OpenPgpCertifier.Certify): any bytes and any mutation of
/// a real gpg key give a certified key or PgpRefusedException in bounded time; a valid key's
/// chosen user IDs, and only those, come back certified under the same fingerprint.
/// </summary>
public sealed class OpenPgpProperties : IClassFixture<OpenPgpProperties.Keys>
{
    private const string Alice = "Alice <alice@example.test>";
    private const string AliceWork = "Alice Work <alice@work.example.test>";

    private readonly Keys keys;

    public OpenPgpProperties(Keys keys) => this.keys = keys;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public void Any_bytes_are_refused_with_one_exception_type() =>
        Gen.Byte.Array[1, 2048].Sample(bytes => Mutations.OnlyThrows<PgpRefusedException>(() => OpenPgpCertifier.Certify(keys.Ca, bytes, [], Now)), iter: 2000);

    [Fact]
    public void Mutated_gpg_keys_are_certified_or_refused_with_one_exception_type() =>
        Gen.OneOf(Mutations.Of(keys.Binary), Mutations.Of(keys.Armored)).Sample(bytes =>
            Mutations.OnlyThrows<PgpRefusedException>(() =>
            {
                var (armored, _, certified) = OpenPgpCertifier.Certify(keys.Ca, bytes, [], Now);
                Assert.NotEmpty(armored);
                Assert.NotEmpty(certified);
            }), iter: 1500);

    [Fact]
    public void A_valid_key_comes_back_with_exactly_the_chosen_user_ids_certified() =>
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool).Sample((alice, work, armored) =>
        {
            string[] chosen = [.. new[] { (alice, Alice), (work, AliceWork) }.Where(c => c.Item1).Select(c => c.Item2)];
            var (output, fingerprint, certified) = OpenPgpCertifier.Certify(keys.Ca, armored ? keys.Armored : keys.Binary, chosen, Now);
            string[] expected = chosen.Length == 0 ? [Alice, AliceWork] : chosen; // none chosen means every valid one
            Assert.Equal(expected.Order(StringComparer.Ordinal), certified.Order(StringComparer.Ordinal));
            Assert.Equal(keys.Fingerprint, fingerprint);

            var key = new PgpPublicKeyRing(PgpUtilities.GetDecoderStream(new MemoryStream(output))).GetPublicKey();
            foreach (var uid in new[] { Alice, AliceWork })
            {
                var byCa = key.GetSignaturesForId(uid).Cast<PgpSignature>().Count(s => s.KeyId == keys.Ca.PublicKey.KeyId);
                Assert.Equal(certified.Contains(uid) ? 1 : 0, byCa);
            }
        }, iter: 16);

    /// <summary>One CA key and one real gpg key with two user IDs for the whole class.</summary>
    public sealed class Keys : IDisposable
    {
        private readonly Gpg gpg = new();

        public Keys()
        {
            Ca = OpenPgpCaKey.Generate("Property CA <ca@example.test>", DateTimeOffset.UtcNow);
            Assert.Equal(0, gpg.Run("--quick-gen-key", Alice, "ed25519", "default", "never").Exit);
            Assert.Equal(0, gpg.Run("--quick-add-uid", Alice, AliceWork).Exit);
            Binary = gpg.Export(Alice);
            Armored = gpg.Export(Alice, armor: true);
            Fingerprint = Convert.ToHexString(new PgpPublicKeyRing(Binary).GetPublicKey().GetFingerprint());
        }

        public OpenPgpCaKey Ca { get; }

        public byte[] Binary { get; }

        public byte[] Armored { get; }

        public string Fingerprint { get; }

        public void Dispose() => gpg.Dispose();
    }
}
