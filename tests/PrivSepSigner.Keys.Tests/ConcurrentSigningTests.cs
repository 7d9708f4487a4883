using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace PrivSepSigner.Keys.Tests;

/// <summary>The signer's threads sign with one CA key at once, each on an instance of its own.</summary>
public sealed class ConcurrentSigningTests
{
    [Theory]
    [InlineData("rsa")]
    [InlineData("ec")]
    public void Four_threads_signing_with_one_key_all_produce_valid_signatures(string kind)
    {
        // RSA.Create()/ECDsa.Create() give wrappers, not the OpenSSL types: the key is moved into one.
        using ISigningKey key = kind == "rsa" ? new RsaSigningKey(RSA.Create(2048)) : new EcdsaSigningKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var signed = new ConcurrentBag<(byte[] Data, byte[] Signature)>();
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var data = BitConverter.GetBytes(i);
            signed.Add((data, key.Sign(data)));
        });

        Assert.Equal(400, signed.Count);
        Assert.All(signed, s => Assert.True(EncryptedPkcs8KeyFileTests.Verify(key, s.Data, s.Signature)));
    }

    [Fact]
    public async Task The_pool_grows_only_to_the_number_of_users_at_the_same_time()
    {
        var made = 0;
        using var pool = new KeyInstancePool<RSA>(RSA.Create(2048), () =>
        {
            Interlocked.Increment(ref made);
            return RSA.Create(2048);
        });

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(2048, pool.Use(0, static (rsa, _) => rsa.KeySize));
        }

        Assert.Equal(0, made); // one user at a time: the first instance serves them all

        using var together = new Barrier(3);
        var users = Enumerable.Range(0, 3).Select(_ => Task.Run(() => pool.Use(together, static (rsa, barrier) =>
        {
            barrier.SignalAndWait(TimeSpan.FromSeconds(30));
            return rsa.KeySize;
        }))).ToArray();
        Assert.All(await Task.WhenAll(users).WaitAsync(TimeSpan.FromSeconds(60)), size => Assert.Equal(2048, size));
        Assert.Equal(2, made); // three at once: two more, never one per call
    }
}
