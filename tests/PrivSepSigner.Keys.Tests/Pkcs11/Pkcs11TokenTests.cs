using System.Security.Cryptography;
using PrivSepSigner.Keys.Pkcs11;
using PrivSepSigner.Keys.Tests.Support;

namespace PrivSepSigner.Keys.Tests.Pkcs11;

[Collection(SoftHsmCollection.Name)]
public sealed class Pkcs11TokenTests
{
    private readonly SoftHsmFixture hsm;

    public Pkcs11TokenTests(SoftHsmFixture hsm)
    {
        this.hsm = hsm;
    }

    [Theory]
    [InlineData(KeySpec.Rsa2048, SignatureAlgorithm.RsaPkcs1Sha256, "RSA-2048")]
    [InlineData(KeySpec.EcP256, SignatureAlgorithm.EcdsaSha256, "EC-P256")]
    [InlineData(KeySpec.EcP384, SignatureAlgorithm.EcdsaSha384, "EC-P384")]
    public void GeneratesSignsAndVerifiesWithDotNet(KeySpec spec, SignatureAlgorithm algorithm, string description)
    {
        using var token = Open();
        var label = $"k-{Guid.NewGuid():N}";
        using var key = token.GenerateKey(label, spec);
        Assert.Equal(algorithm, key.Algorithm);
        Assert.Equal(description, key.Description);

        var data = "tbsCertificate bytes"u8.ToArray();
        Assert.True(EncryptedPkcs8KeyFileTests.Verify(key, data, key.Sign(data)));
        Assert.False(EncryptedPkcs8KeyFileTests.Verify(key, "other"u8.ToArray(), key.Sign(data)));

        // Opening by label again finds the same key pair.
        using var reopened = token.OpenKey(label);
        Assert.Equal(key.SubjectPublicKeyInfo, reopened.SubjectPublicKeyInfo);
        Assert.True(EncryptedPkcs8KeyFileTests.Verify(key, data, reopened.Sign(data)));
    }

    [Fact]
    public void GeneratedPrivateKeyNeverLeavesTheToken()
    {
        using var token = Open();
        var label = $"k-{Guid.NewGuid():N}";
        using var key = token.GenerateKey(label, KeySpec.EcP256);
        var protection = token.DescribeProtection(label);
        Assert.True(protection.OnToken);
        Assert.True(protection.Sensitive);
        Assert.False(protection.Extractable);
        Assert.True(protection.AlwaysSensitive);
        Assert.True(protection.NeverExtractable);
        Assert.True(protection.NeverLeftToken);
    }

    [Fact]
    public void RefusesDuplicateLabel()
    {
        using var token = Open();
        var label = $"k-{Guid.NewGuid():N}";
        using var key = token.GenerateKey(label, KeySpec.EcP256);
        Assert.Throws<InvalidOperationException>(() => token.GenerateKey(label, KeySpec.EcP256));
    }

    [Fact]
    public void SecondContextInTheSameProcessIsRefused()
    {
        using (var token = Open())
        {
            var e = Assert.Throws<InvalidOperationException>(Open);
            Assert.Contains("already open", e.Message, StringComparison.Ordinal);
        }

        // After Dispose the one context may be opened again.
        using var again = Open();
        Assert.True(again.IsAvailable);
    }

    [Fact]
    public void WrongPinIsClearAndDoesNotEchoThePin()
    {
        var wrongPin = hsm.Secret($"wrong-{Guid.NewGuid():N}", "987654\n");
        var e = Assert.ThrowsAny<Exception>(() => Pkcs11Token.Open(SoftHsmFixture.ModulePath, SoftHsmFixture.TokenLabel, wrongPin));
        Assert.IsType<CryptographicException>(e);
        Assert.Contains("CKR_PIN_INCORRECT", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("987654", e.ToString(), StringComparison.Ordinal);

        // The failed Open released the process-wide context.
        using var token = Open();
        Assert.True(token.IsAvailable);
    }

    [Fact]
    public void UnknownTokenLabelIsUnavailable()
    {
        var e = Assert.Throws<KeyUnavailableException>(() => Pkcs11Token.Open(SoftHsmFixture.ModulePath, "no-such-token", hsm.PinFile));
        Assert.Contains("no-such-token", e.Message, StringComparison.Ordinal);
        using var token = Open();
    }

    [Fact]
    public void SessionsClosedBehindOurBackAreReopenedTransparently()
    {
        using var token = Open();
        var alarms = new List<bool>();
        token.AvailabilityChanged += (_, e) => alarms.Add(e.IsAvailable);
        using var rsa = token.GenerateKey($"k-{Guid.NewGuid():N}", KeySpec.Rsa2048);
        using var ec = token.GenerateKey($"k-{Guid.NewGuid():N}", KeySpec.EcP256);
        var data = "after an HSM restart"u8.ToArray();

        for (var i = 0; i < 3; i++)
        {
            token.InvalidateSessionsForTest();
            Assert.True(EncryptedPkcs8KeyFileTests.Verify(rsa, data, rsa.Sign(data)));
            Assert.True(EncryptedPkcs8KeyFileTests.Verify(ec, data, ec.Sign(data)));
        }

        Assert.True(token.IsAvailable);
        Assert.Empty(alarms);
    }

    [Fact]
    public void ConcurrentSignersEachGetTheirOwnSession()
    {
        using var token = Open();
        using var key = token.GenerateKey($"k-{Guid.NewGuid():N}", KeySpec.EcP256);
        var failures = 0;
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var data = BitConverter.GetBytes(i);
            if (!EncryptedPkcs8KeyFileTests.Verify(key, data, key.Sign(data)))
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    private Pkcs11Token Open() => Pkcs11Token.Open(SoftHsmFixture.ModulePath, SoftHsmFixture.TokenLabel, hsm.PinFile);
}
