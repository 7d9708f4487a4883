using System.Security.Cryptography;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Keys.Tests;

public sealed class Pkcs8KeyFileTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("rsa:2048", "RSA-2048", SignatureAlgorithm.RsaPkcs1Sha256)]
    [InlineData("P-256", "EC-P256", SignatureAlgorithm.EcdsaSha256)]
    [InlineData("P-384", "EC-P384", SignatureAlgorithm.EcdsaSha384)]
    [InlineData("P-521", "EC-P521", SignatureAlgorithm.EcdsaSha512)]
    public void LoadsOpenSslPkcs8KeysAndSignsVerifiably(string spec, string description, SignatureAlgorithm algorithm)
    {
        var keyFile = dir.File("key.pem");
        string[] gen = spec.StartsWith("rsa", StringComparison.Ordinal)
            ? ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", keyFile]
            : ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:" + spec, "-out", keyFile];
        OpenSsl.Ok(dir.Path, gen);

        using var key = Pkcs8KeyFile.Load(keyFile);
        Assert.Equal(description, key.Description);
        Assert.Equal(algorithm, key.Algorithm);

        // The SPKI matches what openssl derives from the same key file.
        OpenSsl.Ok(dir.Path, "pkey", "-in", keyFile, "-pubout", "-outform", "DER", "-out", dir.File("pub.der"));
        Assert.Equal(File.ReadAllBytes(dir.File("pub.der")), key.SubjectPublicKeyInfo);

        // And openssl verifies the signature (DER ECDSA, RFC 3279 2.2.3).
        var data = "to be signed"u8.ToArray();
        File.WriteAllBytes(dir.File("data"), data);
        File.WriteAllBytes(dir.File("sig"), key.Sign(data));
        var digest = "-" + SignatureAlgorithms.HashOf(algorithm).Name!.ToLowerInvariant();
        var output = OpenSsl.Ok(dir.Path, "dgst", digest, "-verify", dir.File("pub.der"), "-keyform", "DER", "-signature", dir.File("sig"), dir.File("data"));
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SigningIsThreadSafe()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = new EcdsaSigningKey(ECDsa.Create(ec.ExportParameters(true)));
        var results = new bool[400];
        Parallel.For(0, results.Length, i =>
        {
            var data = BitConverter.GetBytes(i);
            results[i] = ec.VerifyData(data, key.Sign(data), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        });
        Assert.All(results, Assert.True);
    }

    [Fact]
    public void RefusesPkcs1RsaKeyNamingTheFile()
    {
        var keyFile = dir.File("pkcs1.pem");
        using var rsa = RSA.Create(2048);
        File.WriteAllText(keyFile, rsa.ExportRSAPrivateKeyPem());
        var e = Assert.Throws<InvalidDataException>(() => Pkcs8KeyFile.Load(keyFile));
        Assert.Contains(keyFile, e.Message, StringComparison.Ordinal);
        Assert.Contains("RSA PRIVATE KEY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesEncryptedKey()
    {
        var keyFile = dir.File("enc.pem");
        using var rsa = RSA.Create(2048);
        File.WriteAllText(keyFile, rsa.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        var e = Assert.Throws<InvalidDataException>(() => Pkcs8KeyFile.Load(keyFile));
        Assert.Contains("encrypted", e.Message, StringComparison.Ordinal);
        Assert.Contains(keyFile, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesOtherAlgorithmsWithoutEchoingKeyBytes()
    {
        var keyFile = dir.File("ed25519.pem");
        OpenSsl.Ok(dir.Path, "genpkey", "-algorithm", "ed25519", "-out", keyFile);
        var base64 = File.ReadAllLines(keyFile)[1];
        var e = Assert.Throws<CryptographicException>(() => Pkcs8KeyFile.Load(keyFile));
        Assert.Contains(keyFile, e.Message, StringComparison.Ordinal);
        Assert.Contains("1.3.101.112", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(base64, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesUnsupportedCurve()
    {
        var keyFile = dir.File("k256.pem");
        OpenSsl.Ok(dir.Path, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1", "-out", keyFile);
        var e = Assert.Throws<CryptographicException>(() => Pkcs8KeyFile.Load(keyFile));
        Assert.Contains(keyFile, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesSmallRsaKey()
    {
        var keyFile = dir.File("small.pem");
        using var rsa = RSA.Create(1024);
        File.WriteAllText(keyFile, rsa.ExportPkcs8PrivateKeyPem());
        var e = Assert.Throws<CryptographicException>(() => Pkcs8KeyFile.Load(keyFile));
        Assert.Contains("1024", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a pem file at all")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n")]
    public void RefusesGarbage(string content)
    {
        var keyFile = dir.File("garbage.pem");
        File.WriteAllText(keyFile, content);
        var e = Assert.ThrowsAny<Exception>(() => Pkcs8KeyFile.Load(keyFile));
        Assert.True(e is InvalidDataException or CryptographicException, e.GetType().Name);
        Assert.Contains(keyFile, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesOversizeFileBeforeReading()
    {
        var keyFile = dir.File("huge.pem");
        File.WriteAllBytes(keyFile, new byte[Pkcs8KeyFile.MaxFileBytes + 1]);
        var e = Assert.Throws<InvalidDataException>(() => Pkcs8KeyFile.Load(keyFile));
        Assert.Contains("larger than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsAnIOException()
    {
        Assert.ThrowsAny<IOException>(() => Pkcs8KeyFile.Load(dir.File("absent.pem")));
    }
}
