using System.Security.Cryptography;
using PrivSepSigner.Keys.Tests.Support;
using PrivSepSigner.TestSupport;

namespace PrivSepSigner.Keys.Tests;

public sealed class EncryptedPkcs8KeyFileTests : IDisposable
{
    private const string Passphrase = "correct horse battery staple";
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("RSA", "rsa_keygen_bits:2048")]
    [InlineData("EC", "ec_paramgen_curve:P-256")]
    [InlineData("EC", "ec_paramgen_curve:P-384")]
    public void LoadsOpensslEncryptedKeyAndSigns(string algorithm, string option)
    {
        var (plain, encrypted, passFile) = MakeKeys(algorithm, option);
        using var key = Pkcs8KeyFile.LoadEncrypted(encrypted, passFile);
        using var reference = Pkcs8KeyFile.Load(plain);
        Assert.Equal(reference.SubjectPublicKeyInfo, key.SubjectPublicKeyInfo);
        Assert.Equal(reference.Algorithm, key.Algorithm);

        var data = "to be signed"u8.ToArray();
        Assert.True(Verify(key, data, key.Sign(data)));
    }

    [Fact]
    public void WrongPassphraseIsClearAndDoesNotEchoIt()
    {
        var (_, encrypted, _) = MakeKeys("EC", "ec_paramgen_curve:P-256");
        var wrong = dir.Secret("wrong", "Tr0ub4dor&3-wrong\n");
        var e = Assert.Throws<CryptographicException>(() => Pkcs8KeyFile.LoadEncrypted(encrypted, wrong));
        Assert.Contains("wrong passphrase", e.Message, StringComparison.Ordinal);
        Assert.Contains(encrypted, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Tr0ub4dor", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Passphrase, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UnencryptedLoaderPointsToLoadEncrypted()
    {
        var (_, encrypted, _) = MakeKeys("EC", "ec_paramgen_curve:P-256");
        var e = Assert.Throws<InvalidDataException>(() => Pkcs8KeyFile.Load(encrypted));
        Assert.Contains("LoadEncrypted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesPassphraseFileOthersCanRead()
    {
        var (_, encrypted, passFile) = MakeKeys("EC", "ec_paramgen_curve:P-256");
        File.SetUnixFileMode(passFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var e = Assert.Throws<InvalidDataException>(() => Pkcs8KeyFile.LoadEncrypted(encrypted, passFile));
        Assert.Contains("mode", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesPassphraseThroughSymlinkOrNonRegularFile()
    {
        var (_, encrypted, passFile) = MakeKeys("EC", "ec_paramgen_curve:P-256");
        var link = dir.File("link");
        File.CreateSymbolicLink(link, passFile);
        Assert.Throws<IOException>(() => Pkcs8KeyFile.LoadEncrypted(encrypted, link));
        Assert.Throws<InvalidDataException>(() => Pkcs8KeyFile.LoadEncrypted(encrypted, "/dev/null"));
    }

    private (string Plain, string Encrypted, string PassFile) MakeKeys(string algorithm, string option)
    {
        var plain = dir.File($"plain-{Guid.NewGuid():N}.pem");
        var encrypted = dir.File($"enc-{Guid.NewGuid():N}.pem");
        var passFile = dir.Secret($"pass-{Guid.NewGuid():N}", Passphrase + "\n");
        Tool.Ok("openssl", null, "genpkey", "-algorithm", algorithm, "-pkeyopt", option, "-out", plain);
        Tool.Ok("openssl", null, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", plain, "-out", encrypted, "-passout", $"file:{passFile}");
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(encrypted), StringComparison.Ordinal);
        return (plain, encrypted, passFile);
    }

    internal static bool Verify(ISigningKey key, byte[] data, byte[] signature)
    {
        var hash = SignatureAlgorithms.HashOf(key.Algorithm);
        if (SignatureAlgorithms.IsEcdsa(key.Algorithm))
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
            return ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
    }
}
