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

    // 12/64, 16/63, 21/65 and 6/11 of the residues are squares: together about 1 in 120.
    private static readonly SquareFilter[] SquareFilters = [SquareFilter.For(64), SquareFilter.For(63), SquareFilter.For(65), SquareFilter.For(11)];

    private static readonly BigInteger SmallPrimeProduct = Primes(SmallPrimeBound).Aggregate(BigInteger.One, (p, q) => p * q);

    public static PolicyResult.Refused? Check(CsrInfo csr, IReadOnlySet<string> blockedSpkiSha256)
    {
        ArgumentNullException.ThrowIfNull(csr);
        ArgumentNullException.ThrowIfNull(blockedSpkiSha256);
        if (blockedSpkiSha256.Contains(csr.SpkiSha256Hex))
        {
            return new PolicyResult.Refused(RefusalCode.KeyBlocked, "the public key is on the blocked list");
        }

        // The numbers were read from the request's own bytes, by the strict reader that also
        // wrote SpkiDer from them, so these checks test exactly the key that is certified.
        if (csr.RsaKey is not { } key)
        {
            return csr.KeyKind == KeyKind.Rsa
                ? new PolicyResult.Refused(RefusalCode.KeyTypeNotAllowed, "the RSA public key could not be read")
                : null;
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

    /// <summary>
    /// Fermat: n = a² - b² for some a in ceil(√n) .. +100. The candidates b² = a² - n are
    /// followed by their residues modulo 64, 63, 65 and 11, where squares are rare: fewer than
    /// one candidate in a hundred needs a square root, so the check costs about one root of n.
    /// </summary>
    private static bool FermatSplits(BigInteger n)
    {
        var a0 = IntegerSquareRoot.Floor(n);
        if (a0 * a0 < n)
        {
            a0 += 1;
        }

        var b2First = (a0 * a0) - n;
        Span<int> a = stackalloc int[SquareFilters.Length];
        Span<int> b2 = stackalloc int[SquareFilters.Length];
        for (var f = 0; f < SquareFilters.Length; f++)
        {
            a[f] = (int)(a0 % SquareFilters[f].Modulus);
            b2[f] = (int)(b2First % SquareFilters[f].Modulus);
        }

        for (var i = 0; i < FermatRounds; i++)
        {
            if (AllMaybeSquare(b2))
            {
                // b² = (a0 + i)² - n = b2First + 2·a0·i + i²
                var candidate = b2First + (2 * i * a0) + (i * i);
                var b = IntegerSquareRoot.Floor(candidate);
                if (b * b == candidate)
                {
                    return true;
                }
            }

            // (a + 1)² - n = (a² - n) + 2a + 1
            for (var f = 0; f < SquareFilters.Length; f++)
            {
                var m = SquareFilters[f].Modulus;
                b2[f] = (b2[f] + (2 * a[f]) + 1) % m;
                a[f] = (a[f] + 1) % m;
            }
        }

        return false;
    }

    private static bool AllMaybeSquare(ReadOnlySpan<int> residues)
    {
        for (var f = 0; f < SquareFilters.Length; f++)
        {
            if (!SquareFilters[f].IsSquare[residues[f]])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Which residues modulo m are squares.</summary>
    private sealed record SquareFilter(int Modulus, bool[] IsSquare)
    {
        public static SquareFilter For(int m)
        {
            var table = new bool[m];
            for (var i = 0; i < m; i++)
            {
                table[i * i % m] = true;
            }

            return new SquareFilter(m, table);
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
