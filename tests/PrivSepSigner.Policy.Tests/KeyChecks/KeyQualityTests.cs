using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Policy;
using PrivSepSigner.Policy.KeyChecks;

namespace PrivSepSigner.Policy.Tests.KeyChecks;

/// <summary>Each weak-key check refuses its weakness and lets an ordinary key through.</summary>
public sealed class KeyQualityTests
{
    private static readonly int[] RocaPrimes =
        [3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167];

    [Fact]
    public void An_ordinary_rsa_key_passes_every_check()
    {
        using var rsa = RSA.Create(2048);
        var csr = CsrInfo.Parse(new CertificateRequest("CN=ok", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest());
        Assert.Null(KeyQuality.Check(csr, new HashSet<string>()));
        var key = Assert.NotNull(csr.RsaKey);
        Assert.Equal(rsa.ExportParameters(false).Modulus, key.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true));
        Assert.False(KeyQuality.IsRocaFingerprint(key.Modulus));
    }

    [Fact]
    public void A_blocked_key_is_refused()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = CsrInfo.Parse(new CertificateRequest("CN=blocked", ec, HashAlgorithmName.SHA256).CreateSigningRequest());
        Assert.Equal(RefusalCode.KeyBlocked, KeyQuality.Check(csr, new HashSet<string> { csr.SpkiSha256Hex })?.Code);
        Assert.Null(KeyQuality.Check(csr, new HashSet<string> { new string('0', 64) }));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(65536)]
    [InlineData(17)]
    public void A_small_or_even_exponent_is_refused(int e) =>
        Assert.Equal(RefusalCode.RsaPublicExponent, KeyQuality.CheckRsa(Coprime(2048), e)?.Code);

    [Fact]
    public void A_modulus_with_a_small_factor_is_refused() =>
        Assert.Equal(RefusalCode.RsaSmallFactor, KeyQuality.CheckRsa(9973 * Coprime(2030), 65537)?.Code);

    [Fact]
    public void Close_primes_are_refused_by_fermat()
    {
        // n = x(x + 2k) = (x + k)^2 - k^2: Fermat's method finds it within a few rounds.
        BigInteger n;
        do
        {
            var x = RandomOdd(1024);
            n = x * (x + 6);
        }
        while (!BigInteger.GreatestCommonDivisor(n, SmallPrimeProduct()).IsOne);
        Assert.Equal(RefusalCode.RsaFermatWeak, KeyQuality.CheckRsa(n, 65537)?.Code);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(60, true)]
    [InlineData(99, true)]
    [InlineData(400, false)]
    public void Fermat_finds_primes_split_within_its_hundred_rounds_only(int round, bool found)
    {
        // With a = ceil(√n) + round and b² ≈ 2·a·round, n = (a - b)(a + b) is split by Fermat's
        // method exactly at that round: the residue filters must not skip it, and the work is bounded.
        BigInteger n;
        do
        {
            var a = RandomOdd(1024) + 1;
            var b = IntegerSquareRoot.Floor(2 * a * round);
            if (((a - b) % 2).IsZero)
            {
                b += 1;
            }

            n = (a - b) * (a + b);
        }
        while (!BigInteger.GreatestCommonDivisor(n, SmallPrimeProduct()).IsOne);
        Assert.Equal(found ? RefusalCode.RsaFermatWeak : null, KeyQuality.CheckRsa(n, 65537)?.Code);
    }

    [Fact]
    public void Integer_square_root_is_exact_at_every_size()
    {
        BigInteger[] edges = [0, 1, 2, 3, 4, 15, 16, 17, (BigInteger.One << 52) - 1, BigInteger.One << 52, (BigInteger.One << 104) + 1];
        var random = Enumerable.Range(1, 300).Select(i => RandomOdd(8 * ((i % 520) + 1)) - (i % 3));
        foreach (var n in edges.Concat(random))
        {
            var r = IntegerSquareRoot.Floor(n);
            Assert.True(r * r <= n && (r + 1) * (r + 1) > n, $"⌊√{n}⌋ gave {r}");
            var square = n * n;
            Assert.Equal(n, IntegerSquareRoot.Floor(square));
            Assert.Equal(n, IntegerSquareRoot.Floor(square + (2 * n)));
        }
    }

    [Fact]
    public void A_roca_fingerprinted_modulus_is_refused()
    {
        // Infineon moduli are congruent to a power of 65537 modulo the primorial M.
        var m = RocaPrimes.Aggregate(BigInteger.One, (a, p) => a * p);
        BigInteger n;
        do
        {
            n = (RandomOdd(1700) * m) + BigInteger.ModPow(65537, 1234, m);
        }
        while (!BigInteger.GreatestCommonDivisor(n, SmallPrimeProduct()).IsOne);
        Assert.True(KeyQuality.IsRocaFingerprint(n));
        Assert.Equal(RefusalCode.RocaVulnerable, KeyQuality.CheckRsa(n, 65537)?.Code);
    }

    private static BigInteger Coprime(int bits)
    {
        BigInteger x;
        do
        {
            x = RandomOdd(bits);
        }
        while (!BigInteger.GreatestCommonDivisor(x, SmallPrimeProduct()).IsOne);
        return x;
    }

    private static BigInteger RandomOdd(int bits)
    {
        var bytes = RandomNumberGenerator.GetBytes((bits / 8) + 1);
        bytes[^1] = 0; // positive
        bytes[0] |= 1;
        bytes[^2] |= 0x80;
        return new BigInteger(bytes);
    }

    private static BigInteger SmallPrimeProduct()
    {
        var product = BigInteger.One;
        for (var i = 2; i < 10_000; i++)
        {
            var prime = true;
            for (var d = 2; d * d <= i; d++)
            {
                if (i % d == 0)
                {
                    prime = false;
                    break;
                }
            }

            if (prime)
            {
                product *= i;
            }
        }

        return product;
    }
}
