using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace PrivSepSigner.Issuance.OpenPgp;

/// <summary>
/// Certifies user IDs of a submitted OpenPGP public key with the CA's key (RFC 4880 5.2.1,
/// generic certification 0x10: the CA vouches for the binding, not for how it checked it).
/// The submitted key is hostile input: size is checked before parsing; it must be exactly
/// one public key (no secret material); its primary key must use an allowed algorithm and
/// size, must not be revoked or expired, and each user ID to certify must carry a valid
/// self-signature. The result is the key with the new certifications, armored.
/// </summary>
public static class OpenPgpCertifier
{
    public const int MaxKeyBytes = 32768;
    private const int MinRsaBits = 2048;
    private static readonly TimeSpan CertificationLifetime = TimeSpan.FromDays(365);

    public static (byte[] Armored, string Fingerprint, IReadOnlyList<string> Certified) Certify(OpenPgpCaKey ca, byte[] submitted, IReadOnlyList<string> userIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(submitted);
        ArgumentNullException.ThrowIfNull(userIds);
        try
        {
            return CertifyCore(ca, submitted, userIds, now);
        }
        catch (Exception e) when (e is not (PgpRefusedException or OutOfMemoryException))
        {
            // BouncyCastle reads packets lazily and throws many unrelated types on hostile bytes
            // (UnsupportedPacketVersionException, InvalidOperationException from a bad subpacket
            // length, ...; found by fuzz/run.sh, target openpgp). Everything here derives from
            // the submitted key, so any such failure is that key being malformed.
            throw new PgpRefusedException("publicKey: not a well-formed OpenPGP public key", e);
        }
    }

    private static (byte[] Armored, string Fingerprint, IReadOnlyList<string> Certified) CertifyCore(OpenPgpCaKey ca, byte[] submitted, IReadOnlyList<string> userIds, DateTimeOffset now)
    {
        var ring = ParsePublicRing(submitted);
        var key = ring.GetPublicKey();
        CheckKey(key, now);

        var candidates = key.GetUserIds().ToList();
        var wanted = userIds.Count == 0 ? candidates : userIds.ToList();
        var certified = new List<string>();
        foreach (var uid in wanted)
        {
            if (!candidates.Contains(uid, StringComparer.Ordinal))
            {
                throw new PgpRefusedException($"userIds: the key has no user ID \"{uid}\"");
            }

            if (!HasValidSelfSignature(key, uid, now))
            {
                if (userIds.Count == 0)
                {
                    continue; // "all" means all that carry a valid self-signature
                }

                throw new PgpRefusedException($"userIds: \"{uid}\" has no valid self-signature");
            }

            key = PgpPublicKey.AddCertification(key, uid, Certification(ca, key, uid, now));
            certified.Add(uid);
        }

        if (certified.Count == 0)
        {
            throw new PgpRefusedException("the key has no user ID with a valid self-signature");
        }

        ring = PgpPublicKeyRing.InsertPublicKey(ring, key);
        return (OpenPgpCaKey.Armor(ring.GetEncoded()), Convert.ToHexString(key.GetFingerprint()), certified);
    }

    private static PgpPublicKeyRing ParsePublicRing(byte[] submitted)
    {
        if (submitted.Length == 0 || submitted.Length > MaxKeyBytes)
        {
            throw new PgpRefusedException($"publicKey: must be 1..{MaxKeyBytes} bytes");
        }

        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(submitted));
            var factory = new PgpObjectFactory(input);
            var first = factory.NextPgpObject();
            if (first is PgpSecretKeyRing)
            {
                throw new PgpRefusedException("publicKey: a secret key was submitted; send only the public key");
            }

            if (first is not PgpPublicKeyRing ring || factory.NextPgpObject() is not null)
            {
                throw new PgpRefusedException("publicKey: must be exactly one OpenPGP public key");
            }

            return ring;
        }
        catch (Exception e) when (e is IOException or PgpException or InvalidCastException or ArgumentException or InvalidOperationException)
        {
            throw new PgpRefusedException("publicKey: not a well-formed OpenPGP public key", e);
        }
    }

    /// <summary>Weak algorithms are refused: RSA under 2048 bits, DSA, ElGamal and unknown primaries.</summary>
    private static void CheckKey(PgpPublicKey key, DateTimeOffset now)
    {
        switch (key.Algorithm)
        {
            case PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign:
                if (key.BitStrength < MinRsaBits)
                {
                    throw new PgpRefusedException($"publicKey: RSA-{key.BitStrength} is too weak (at least {MinRsaBits} bits)");
                }

                break;
            case PublicKeyAlgorithmTag.ECDsa or PublicKeyAlgorithmTag.EdDsa_Legacy or PublicKeyAlgorithmTag.Ed25519 or PublicKeyAlgorithmTag.Ed448:
                break;
            default:
                throw new PgpRefusedException($"publicKey: primary key algorithm {key.Algorithm} is not accepted");
        }

        if (key.HasRevocation())
        {
            throw new PgpRefusedException("publicKey: the key is revoked");
        }

        var valid = key.GetValidSeconds();
        if (valid > 0 && key.CreationTime.AddSeconds(valid) <= now.UtcDateTime)
        {
            throw new PgpRefusedException("publicKey: the key has expired");
        }
    }

    private static bool HasValidSelfSignature(PgpPublicKey key, string uid, DateTimeOffset now)
    {
        // Null when the user ID packet is not valid UTF-8: its decoded string no longer matches
        // the packet (found by fuzz/run.sh, target openpgp). Such a user ID has no self-signature.
        foreach (PgpSignature sig in key.GetSignaturesForId(uid) ?? [])
        {
            if (sig.KeyId != key.KeyId || sig.SignatureType is not (PgpSignature.DefaultCertification or PgpSignature.NoCertification or PgpSignature.CasualCertification or PgpSignature.PositiveCertification))
            {
                continue;
            }

            try
            {
                sig.InitVerify(key);
                if (sig.VerifyCertification(uid, key) && sig.CreationTime <= now.UtcDateTime.AddMinutes(5) && !Expired(sig, now))
                {
                    return true;
                }
            }
            catch (PgpException)
            {
            }
        }

        return false;
    }

    private static bool Expired(PgpSignature sig, DateTimeOffset now)
    {
        var seconds = sig.GetHashedSubPackets()?.GetSignatureExpirationTime() ?? 0;
        return seconds > 0 && sig.CreationTime.AddSeconds(seconds) <= now.UtcDateTime;
    }

    private static PgpSignature Certification(OpenPgpCaKey ca, PgpPublicKey key, string uid, DateTimeOffset now)
    {
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetSignatureCreationTime(false, now.UtcDateTime);
        hashed.SetSignatureExpirationTime(false, (long)CertificationLifetime.TotalSeconds);
        hashed.SetIssuerFingerprint(false, ca.PublicKey);
        var unhashed = new PgpSignatureSubpacketGenerator();
        unhashed.SetIssuerKeyID(false, ca.PublicKey.KeyId);
        return ca.Certify(PgpSignature.DefaultCertification, key, uid, hashed.Generate(), unhashed.Generate());
    }
}
