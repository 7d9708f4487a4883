using System.Numerics;

namespace PrivSepSigner.Policy.KeyChecks;

/// <summary>⌊√n⌋ of big integers, for the Fermat check on RSA moduli.</summary>
public static class IntegerSquareRoot
{
    private const int DoubleExactBits = 52;

    /// <summary>
    /// The largest r with r² ≤ n. The root of the top half of n's bits (found the same way)
    /// is already right in half of the result's bits; Newton's step doubles that, so a
    /// 2048-bit n costs a few full-size divisions instead of a dozen.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">n is negative.</exception>
    public static BigInteger Floor(BigInteger n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n.GetBitLength() <= DoubleExactBits)
        {
            // Exact below 2^52 once corrected by at most one either way.
            var r = new BigInteger(Math.Sqrt((double)n));
            while (r * r > n)
            {
                r -= 1;
            }

            while ((r + 1) * (r + 1) <= n)
            {
                r += 1;
            }

            return r;
        }

        // n = high·2^(2k) + low, and (⌊√high⌋ + 2)·2^k > √n: an overestimate, as the loop needs.
        var k = (int)(n.GetBitLength() / 4);
        var x = (Floor(n >> (2 * k)) + 2) << k;
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
}
