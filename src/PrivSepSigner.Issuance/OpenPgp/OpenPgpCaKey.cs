using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace PrivSepSigner.Issuance.OpenPgp;

/// <summary>
/// The CA's OpenPGP key (RFC 4880): an RSA-3072 primary key that may certify and sign,
/// with a positive self-certification of the CA's user ID. OpenPGP certifications are rare
/// and use this separate key, so BouncyCastle's own signer is used for them.
/// </summary>
public sealed class OpenPgpCaKey
{
    private OpenPgpCaKey(PgpSecretKeyRing secret)
    {
        Secret = secret;
        PrivateKey = secret.GetSecretKey().ExtractPrivateKey(Array.Empty<char>());
        Public = new PgpPublicKeyRing(secret.GetPublicKey().GetEncoded());
    }

    internal PgpSecretKeyRing Secret { get; }

    internal PgpPrivateKey PrivateKey { get; }

    internal PgpPublicKeyRing Public { get; }

    public PgpPublicKey PublicKey => Secret.GetPublicKey();

    /// <summary>v4 fingerprint, uppercase hex (RFC 4880 12.2).</summary>
    public string FingerprintHex => Convert.ToHexString(PublicKey.GetFingerprint());

    public static OpenPgpCaKey Generate(string userId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var random = new SecureRandom();
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BcBigInteger.ValueOf(65537), random, 3072, 80));
        var pair = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), now.UtcDateTime);
        var subpackets = new PgpSignatureSubpacketGenerator();
        subpackets.SetKeyFlags(false, PgpKeyFlags.CanCertify | PgpKeyFlags.CanSign);
        subpackets.SetPreferredHashAlgorithms(false, [(int)HashAlgorithmTag.Sha512, (int)HashAlgorithmTag.Sha256]);
        var ring = new PgpKeyRingGenerator(
            PgpSignature.PositiveCertification, pair, userId, SymmetricKeyAlgorithmTag.Null, Array.Empty<char>(), true, subpackets.Generate(), null, random);
        return new OpenPgpCaKey(ring.GenerateSecretKeyRing());
    }

    /// <summary>Loads an unprotected secret key ring (armored or binary) from the signer's key directory.</summary>
    public static OpenPgpCaKey Load(byte[] secretKeyRing)
    {
        ArgumentNullException.ThrowIfNull(secretKeyRing);
        using var input = PgpUtilities.GetDecoderStream(new MemoryStream(secretKeyRing));
        var bundle = new PgpSecretKeyRingBundle(input);
        var ring = bundle.GetKeyRings().Single();
        return new OpenPgpCaKey(ring);
    }

    public byte[] ExportSecretArmored() => Armor(Secret.GetEncoded());

    public byte[] ExportPublicArmored() => Armor(Public.GetEncoded());

    internal static byte[] Armor(byte[] binary)
    {
        using var output = new MemoryStream();
        using (var armored = new ArmoredOutputStream(output))
        {
            armored.Write(binary);
        }

        return output.ToArray();
    }

    internal static string Text(byte[] armored) => Encoding.ASCII.GetString(armored);
}
