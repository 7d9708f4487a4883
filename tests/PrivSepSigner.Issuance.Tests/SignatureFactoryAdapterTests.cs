using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Issuance.Tests;

/// <summary>BouncyCastle's CRL generator signing through the key backend, checked by openssl.</summary>
[Collection(CaCollection.Name)]
public sealed class SignatureFactoryAdapterTests
{
    private readonly CaFixture fixture;

    public SignatureFactoryAdapterTests(CaFixture fixture) => this.fixture = fixture;

    [Theory]
    [InlineData("rsa", "1.2.840.113549.1.1.11")]
    [InlineData("ec", "1.2.840.10045.4.3.2")]
    public void SignsACrlOpenSslVerifies(string kind, string algorithmOid)
    {
        var ca = fixture.Get(kind);
        using var key = Pkcs8KeyFile.Load(ca.KeyFile);
        var adapter = new SignatureFactoryAdapter(key);
        Assert.Equal(algorithmOid, ((AlgorithmIdentifier)adapter.AlgorithmDetails).Algorithm.Id);

        var caCert = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(ca.CertificateDer));
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(caCert.Subject);
        var now = DateTime.UtcNow;
        generator.SetThisUpdate(now);
        generator.SetNextUpdate(now.AddDays(7));
        generator.AddCrlEntry(BigInteger.ValueOf(12345), now, CrlReason.KeyCompromise);
        var crl = generator.Generate(adapter);

        using var dir = new TempDir();
        File.WriteAllText(dir.File("crl.pem"), PemEncoding.WriteString("X509 CRL", crl.GetEncoded()) + "\n");
        var result = OpenSsl.Run(dir.Path, "crl", "-in", dir.File("crl.pem"), "-CAfile", ca.CertificatePemFile, "-noout");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("verify OK", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
