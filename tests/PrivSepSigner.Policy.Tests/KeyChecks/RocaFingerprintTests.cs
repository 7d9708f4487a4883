using System.Numerics;
using PrivSepSigner.Policy.KeyChecks;

namespace PrivSepSigner.Policy.Tests.KeyChecks;

/// <summary>
/// The ROCA tables are derived in code from the primes up to 167; these are the values the
/// authors' detector (crocs-muni/roca, DlogFprint) publishes, so a slip in the derivation fails here.
/// </summary>
public sealed class RocaFingerprintTests
{
    [Fact]
    public void The_modulus_is_the_published_primorial()
    {
        Assert.Equal(BigInteger.Parse("962947420735983927056946215901134429196419130606213075415963491270"), RocaFingerprint.Modulus);
    }

    [Fact]
    public void The_generator_order_is_the_published_one()
    {
        Assert.Equal(BigInteger.Parse("2454106387091158800"), RocaFingerprint.GeneratorOrder);
    }

    [Fact]
    public void The_prime_powers_are_the_published_ones()
    {
        int[] published = [16, 81, 25, 7, 11, 13, 17, 23, 29, 37, 41, 53, 83];
        Assert.Equal(published.Select(p => new BigInteger(p)).Order(), RocaFingerprint.PrimePowers.Order());
    }

    [Fact]
    public void A_power_of_65537_matches_and_its_neighbour_does_not()
    {
        var n = BigInteger.ModPow(65537, 123_456_789, RocaFingerprint.Modulus) + (RocaFingerprint.Modulus * 1_000_003);
        Assert.True(RocaFingerprint.Matches(n));
        Assert.False(RocaFingerprint.Matches(n + 2));
    }
}
