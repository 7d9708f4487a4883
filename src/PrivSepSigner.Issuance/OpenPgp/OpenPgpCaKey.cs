using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using PrivSepSigner.Keys;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace PrivSepSigner.Issuance.OpenPgp;

/// <summary>
/// The CA's OpenPGP key (RFC 4880): an RSA-3072 primary key that may certify and sign, with a
/// positive self-certification of the CA's user ID. BouncyCastle builds the packets; every
/// certification is signed through the key backend (<see cref="ISigningKey"/>): an in-memory
/// key loaded from the secret key ring file, or a key on the PKCS#11 token whose public key
/// packet is built from the token's public key and kept, with the self-certification, in a
/// public key ring (the installation then holds no private key file at all).
/// </summary>
public sealed class OpenPgpCaKey : IDisposable
{
    private const int RsaBits = 3072;

    private readonly ISigningKey signer;
    private readonly PgpSecretKeyRing? secret;

    private OpenPgpCaKey(PgpPublicKeyRing ring, ISigningKey signer, PgpSecretKeyRing? secret)
    {
        Public = ring;
        this.signer = signer;
        this.secret = secret;
        if (FromSubjectPublicKeyInfo(signer.SubjectPublicKeyInfo, PublicKey.CreationTime).GetFingerprint().AsSpan().SequenceEqual(PublicKey.GetFingerprint()) is false)
        {
            signer.Dispose();
            throw new InvalidDataException("the signing key is not the key of this OpenPGP key ring");
        }
    }

    internal PgpPublicKeyRing Public { get; }

    public PgpPublicKey PublicKey => Public.GetPublicKey();

    /// <summary>v4 fingerprint, uppercase hex (RFC 4880 12.2).</summary>
    public string FingerprintHex => Convert.ToHexString(PublicKey.GetFingerprint());

    /// <summary>False for a key on the token: there is no secret key material to export.</summary>
    public bool HasSecretKeyRing => secret is not null;

    /// <summary>A new key in memory, for a secret key ring file (the installation without a token).</summary>
    public static OpenPgpCaKey Generate(string userId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var random = new SecureRandom();
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BcBigInteger.ValueOf(65537), random, RsaBits, 80));
        var pair = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), now.UtcDateTime);
        var ring = new PgpKeyRingGenerator(
            PgpSignature.PositiveCertification, pair, userId, SymmetricKeyAlgorithmTag.Null, Array.Empty<char>(), true, SelfCertificationSubpackets().Generate(), null, random);
        return FromSecretRing(ring.GenerateSecretKeyRing());
    }

    /// <summary>Loads an unprotected secret key ring (armored or binary) from the signer's key directory.</summary>
    public static OpenPgpCaKey Load(byte[] secretKeyRing)
    {
        ArgumentNullException.ThrowIfNull(secretKeyRing);
        using var input = PgpUtilities.GetDecoderStream(new MemoryStream(secretKeyRing));
        var bundle = new PgpSecretKeyRingBundle(input);
        return FromSecretRing(bundle.GetKeyRings().Single());
    }

    /// <summary>
    /// A new CA key around a key the CA already holds on its token (RSA, generated there by the
    /// ceremony): the public key packet from the token's public key (RFC 4880 5.5.2, created
    /// <paramref name="now"/>), self-certified (0x13, RFC 4880 5.2.1) through the token.
    /// Takes ownership of <paramref name="key"/>.
    /// </summary>
    public static OpenPgpCaKey Create(ISigningKey key, string userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var publicKey = FromSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, now.UtcDateTime);
        var hashed = SelfCertificationSubpackets();
        hashed.SetSignatureCreationTime(false, now.UtcDateTime);
        hashed.SetIssuerFingerprint(false, publicKey);
        var unhashed = new PgpSignatureSubpacketGenerator();
        unhashed.SetIssuerKeyID(false, publicKey.KeyId);
        var self = OpenPgpSignatures.Certification(key, publicKey, PgpSignature.PositiveCertification, publicKey, userId, hashed.Generate(), unhashed.Generate());
        var ring = new PgpPublicKeyRing(PgpPublicKey.AddCertification(publicKey, userId, self).GetEncoded());
        return new OpenPgpCaKey(ring, key, null);
    }

    /// <summary>
    /// The CA key on the token again: its stored public key ring (armored or binary) and the
    /// token key, which must be the ring's primary key. Takes ownership of <paramref name="key"/>.
    /// </summary>
    public static OpenPgpCaKey Open(byte[] publicKeyRing, ISigningKey key)
    {
        ArgumentNullException.ThrowIfNull(publicKeyRing);
        ArgumentNullException.ThrowIfNull(key);
        using var input = PgpUtilities.GetDecoderStream(new MemoryStream(publicKeyRing));
        var bundle = new PgpPublicKeyRingBundle(input);
        return new OpenPgpCaKey(bundle.GetKeyRings().Single(), key, null);
    }

    public byte[] ExportSecretArmored() =>
        secret is null ? throw new InvalidOperationException("the OpenPGP CA key is on the token: it has no secret key ring") : Armor(secret.GetEncoded());

    public byte[] ExportPublicArmored() => Armor(Public.GetEncoded());

    public void Dispose() => signer.Dispose();

    /// <summary>A v4 certification of <paramref name="userId"/> on <paramref name="key"/> by this CA key, signed by the key backend.</summary>
    internal PgpSignature Certify(int signatureType, PgpPublicKey key, string userId, PgpSignatureSubpacketVector hashed, PgpSignatureSubpacketVector unhashed) =>
        OpenPgpSignatures.Certification(signer, PublicKey, signatureType, key, userId, hashed, unhashed);

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

    private static OpenPgpCaKey FromSecretRing(PgpSecretKeyRing ring)
    {
        var privateKey = ring.GetSecretKey().ExtractPrivateKey(Array.Empty<char>());
        if (privateKey.Key is not RsaPrivateCrtKeyParameters rsa)
        {
            throw new InvalidDataException("the OpenPGP CA key is not an RSA key");
        }

        var parameters = DotNetUtilities.ToRSAParameters(rsa);
        try
        {
            var key = new RsaSigningKey(RSA.Create(parameters));
            return new OpenPgpCaKey(new PgpPublicKeyRing(ring.GetPublicKey().GetEncoded()), key, ring);
        }
        finally
        {
            foreach (var part in new[] { parameters.D, parameters.P, parameters.Q, parameters.DP, parameters.DQ, parameters.InverseQ })
            {
                CryptographicOperations.ZeroMemory(part);
            }
        }
    }

    /// <summary>The OpenPGP public key (RSA, RFC 4880 5.5.2) of an X.509 SubjectPublicKeyInfo, as created at <paramref name="created"/>.</summary>
    private static PgpPublicKey FromSubjectPublicKeyInfo(byte[] spki, DateTime created)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException("an OpenPGP CA key must be an RSA key", e);
        }

        var p = rsa.ExportParameters(false);
        return new PgpPublicKey(PublicKeyAlgorithmTag.RsaGeneral, new RsaKeyParameters(false, new BcBigInteger(1, p.Modulus), new BcBigInteger(1, p.Exponent)), created);
    }

    private static PgpSignatureSubpacketGenerator SelfCertificationSubpackets()
    {
        var subpackets = new PgpSignatureSubpacketGenerator();
        subpackets.SetKeyFlags(false, PgpKeyFlags.CanCertify | PgpKeyFlags.CanSign);
        subpackets.SetPreferredHashAlgorithms(false, [(int)HashAlgorithmTag.Sha512, (int)HashAlgorithmTag.Sha256]);
        return subpackets;
    }
}
