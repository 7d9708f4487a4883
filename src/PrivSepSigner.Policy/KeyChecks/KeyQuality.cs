using System.Collections.Frozen;
using System.Formats.Asn1;
using System.Numerics;

namespace PrivSepSigner.Policy.KeyChecks;

/// <summary>
/// Pre-issuance checks of the requester's public key beyond its type and size (the checks
/// CAs run before signing, as in boulder's goodkey): a configured list of blocked keys;
/// for RSA an odd public exponent of at least 65537, no prime factor below 10,000, primes
/// not close enough for Fermat's method to split the modulus, and the ROCA fingerprint
/// (Nemec et al., CCS 2017, by the authors' discrete-logarithm test, see <see cref="RocaFingerprint"/>).
/// EC keys need no check here: both request parsers import the key through .NET (OpenSSL) to
/// verify the signature, which refuses a point not on the curve, and the allowed curves
/// (P-256/384/521) have cofactor 1, so every point on them is in the prime-order group.
/// </summary>
public static class KeyQuality
{
    private const int SmallPrimeBound = 10_000;
    private const int FermatRounds = 100;

    private static readonly FrozenSet<int> SquaresMod64 = Enumerable.Range(0, 64).Select(i => i * i % 64).ToFrozenSet();
    private static readonly FrozenSet<int> SquaresMod63 = Enumerable.Range(0, 63).Select(i => i * i % 63).ToFrozenSet();

    private static readonly BigInteger SmallPrimeProduct = Primes(SmallPrimeBound).Aggregate(BigInteger.One, (p, q) => p * q);

    public static PolicyResult.Refused? Check(CsrInfo csr, IReadOnlySet<string> blockedSpkiSha256)
    {
        ArgumentNullException.ThrowIfNull(csr);
        ArgumentNullException.ThrowIfNull(blockedSpkiSha256);
        if (blockedSpkiSha256.Contains(csr.SpkiSha256Hex))
        {
            return new PolicyResult.Refused(RefusalCode.KeyBlocked, "the public key is on the blocked list");
        }

        if (csr.KeyKind != KeyKind.Rsa)
        {
            return null;
        }

        RsaPublicKey key;
        try
        {
            key = RsaPublicKey.FromSpki(csr.SpkiDer);
        }
        catch (AsnContentException)
        {
            return new PolicyResult.Refused(RefusalCode.KeyTypeNotAllowed, "the RSA public key is not valid DER");
        }

        return CheckRsa(key.Modulus, key.Exponent);
    }

    /// <summary>The RSA checks on the numbers themselves.</summary>
    public static PolicyResult.Refused? CheckRsa(BigInteger n, BigInteger e)
    {
        if (n.Sign <= 0 || n.IsEven)
        {
            // An RSA modulus is a product of two odd primes (RFC 8017 3.1).
            return new PolicyResult.Refused(RefusalCode.RsaSmallFactor, "the RSA modulus is not a positive odd number");
        }

        if (e.IsEven || e < 65537)
        {
            return new PolicyResult.Refused(RefusalCode.RsaPublicExponent, "the RSA public exponent must be odd and at least 65537");
        }

        if (!BigInteger.GreatestCommonDivisor(n, SmallPrimeProduct).IsOne)
        {
            return new PolicyResult.Refused(RefusalCode.RsaSmallFactor, $"the RSA modulus has a prime factor below {SmallPrimeBound}");
        }

        if (FermatSplits(n))
        {
            return new PolicyResult.Refused(RefusalCode.RsaFermatWeak, "the RSA modulus's primes are so close that Fermat's method factors it");
        }

        if (IsRocaFingerprint(n))
        {
            return new PolicyResult.Refused(RefusalCode.RocaVulnerable, "the RSA key has the ROCA fingerprint (CVE-2017-15361)");
        }

        return null;
    }

    /// <summary>True when <paramref name="n"/> has the ROCA fingerprint; see <see cref="RocaFingerprint"/>.</summary>
    public static bool IsRocaFingerprint(BigInteger n) => RocaFingerprint.Matches(n);

    /// <summary>Fermat: n = a² - b²; tries a = ceil(√n) .. +100, with cheap square filters first.</summary>
    private static bool FermatSplits(BigInteger n)
    {
        var a = Sqrt(n);
        if (a * a < n)
        {
            a += 1;
        }

        var b2 = (a * a) - n;
        for (var i = 0; i < FermatRounds; i++)
        {
            if (MaybeSquare(b2))
            {
                var b = Sqrt(b2);
                if (b * b == b2)
                {
                    return true;
                }
            }

            b2 += (2 * a) + 1;
            a += 1;
        }

        return false;
    }

    /// <summary>Squares mod 64 and mod 63 are rare: most candidates are rejected without a root.</summary>
    private static bool MaybeSquare(BigInteger x) =>
        SquaresMod64.Contains((int)(x & 63)) && SquaresMod63.Contains((int)(x % 63));

    private static BigInteger Sqrt(BigInteger n)
    {
        if (n.IsZero)
        {
            return n;
        }

        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + (n / x)) >> 1;
            if (y >= x)
            {
                return x;
            }

            x = y;
        }
    }

    private static IEnumerable<int> Primes(int bound)
    {
        var composite = new bool[bound];
        for (var i = 2; i < bound; i++)
        {
            if (composite[i])
            {
                continue;
            }

            yield return i;
            for (var j = i * i; j < bound; j += i)
            {
                composite[j] = true;
            }
        }
    }
}
