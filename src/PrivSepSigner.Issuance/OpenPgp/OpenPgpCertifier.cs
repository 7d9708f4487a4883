using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Issuance.OpenPgp;

/// <summary>
/// Certifies user IDs of a submitted OpenPGP public key with the CA's key (RFC 4880 5.2.1,
/// generic certification 0x10: the CA vouches for the binding, not for how it checked it).
/// The submitted key is hostile input: size is checked before parsing; it must be exactly
/// one public key (no secret material); its primary key must use an allowed algorithm and
/// size, must not be revoked or expired; each user ID to certify must be text without
/// control characters (RFC 9580 5.11: UTF-8 text; a newline would forge log lines) and its
/// newest valid self-signature must be a certification, not a revocation (RFC 9580 5.2.1.16:
/// the owner withdrew it). With no user IDs named, every user ID that passes is certified,
/// but a key holding a user ID with control characters is refused as a whole.
/// The result is the key with the new certifications, armored.
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
            if (NameSyntax.HasControlCharacter(uid))
            {
                throw new PgpRefusedException(userIds.Count == 0
                    ? $"publicKey: user ID \"{NameSyntax.Printable(uid)}\" contains control characters (RFC 9580 5.11: a user ID is UTF-8 text); nothing was certified: remove that user ID or name the others"
                    : $"userIds: \"{NameSyntax.Printable(uid)}\" contains control characters (RFC 9580 5.11: a user ID is UTF-8 text)");
            }

            if (!candidates.Contains(uid, StringComparer.Ordinal))
            {
                throw new PgpRefusedException($"userIds: the key has no user ID \"{NameSyntax.Printable(uid)}\"");
            }

            if (SelfSignatureState(key, uid, now) is { } invalid)
            {
                if (userIds.Count == 0)
                {
                    continue; // "all" means all whose newest self-signature is a valid certification
                }

                throw new PgpRefusedException($"userIds: \"{NameSyntax.Printable(uid)}\" {invalid}");
            }

            key = PgpPublicKey.AddCertification(key, uid, Certification(ca, key, uid, now));
            certified.Add(uid);
        }

        if (certified.Count == 0)
        {
            throw new PgpRefusedException("the key has no user ID whose newest self-signature is a valid, unrevoked certification");
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

    /// <summary>
    /// Null when the newest of <paramref name="uid"/>'s valid self-signatures is a certification
    /// (0x10-0x13) that has not expired; else why not. RFC 9580 5.2.1.16 / 5.2.4: a certification
    /// revocation (0x30) newer than (or as new as) the certification withdraws the user ID.
    /// </summary>
    private static string? SelfSignatureState(PgpPublicKey key, string uid, DateTimeOffset now)
    {
        PgpSignature? newest = null;

        // Null when the user ID packet is not valid UTF-8: its decoded string no longer matches
        // the packet (found by fuzz/run.sh, target openpgp). Such a user ID has no self-signature.
        foreach (PgpSignature sig in key.GetSignaturesForId(uid) ?? [])
        {
            var revocation = sig.SignatureType == PgpSignature.CertificationRevocation;
            if (sig.KeyId != key.KeyId || !(revocation || sig.SignatureType is PgpSignature.DefaultCertification or PgpSignature.NoCertification or PgpSignature.CasualCertification or PgpSignature.PositiveCertification))
            {
                continue;
            }

            if (sig.CreationTime > now.UtcDateTime.AddMinutes(5) || !Verifies(sig, key, uid))
            {
                continue;
            }

            var newer = newest is null || sig.CreationTime > newest.CreationTime
                || (sig.CreationTime == newest.CreationTime && revocation);
            if (newer)
            {
                newest = sig;
            }
        }

        return newest switch
        {
            null => "has no valid self-signature",
            { SignatureType: PgpSignature.CertificationRevocation } => "is revoked by the key's owner (certification revocation, RFC 9580 5.2.1.16)",
            _ when Expired(newest, now) => "has no valid self-signature (it has expired)",
            _ => null,
        };
    }

    private static bool Verifies(PgpSignature sig, PgpPublicKey key, string uid)
    {
        try
        {
            sig.InitVerify(key);
            return sig.VerifyCertification(uid, key);
        }
        catch (PgpException)
        {
            return false;
        }
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
        // Critical, as GnuPG writes it (RFC 9580 5.2.3.18): an implementation that ignored it would take the certification as permanent.
        hashed.SetSignatureExpirationTime(true, (long)CertificationLifetime.TotalSeconds);
        hashed.SetIssuerFingerprint(false, ca.PublicKey);
        var unhashed = new PgpSignatureSubpacketGenerator();
        unhashed.SetIssuerKeyID(false, ca.PublicKey.KeyId);
        return ca.Certify(PgpSignature.DefaultCertification, key, uid, hashed.Generate(), unhashed.Generate());
    }
}
