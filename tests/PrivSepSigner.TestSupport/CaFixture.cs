using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrivSepSigner.TestSupport;

/// <summary>
/// Made once per test run: an RSA-2048 CA and a P-256 CA, self-signed by .NET with
/// basicConstraints CA (critical), keyUsage keyCertSign|cRLSign and SKI, keys written as
/// unencrypted PKCS#8 PEM for the file key backend.
/// </summary>
public sealed class CaFixture : IDisposable
{
    /// <summary>CA validity; shorter than the subca profile's 1825 days so capping is exercised.</summary>
    public const int CaValidityDays = 4 * 365;

    /// <summary>The name of each test assembly's collection that shares one fixture (its CaCollection).</summary>
    public const string CollectionName = "test CAs";

    private readonly TempDir dir = new();

    public CaFixture()
    {
        Rsa = Make("rsa-root", RSA.Create(2048));
        Ec = Make("ec-root", ECDsa.Create(ECCurve.NamedCurves.nistP256));
    }

    public TestCa Rsa { get; }

    public TestCa Ec { get; }

    public string Directory => dir.Path;

    public TestCa Get(string kind) => kind == "rsa" ? Rsa : Ec;

    public void Dispose() => dir.Dispose();

    private TestCa Make(string name, AsymmetricAlgorithm key)
    {
        using (key)
        {
            var subject = new X500DistinguishedName($"CN=Test {name}, O=PrivSepSigner Tests, C=DE");
            var request = key switch
            {
                RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
                _ => throw new InvalidOperationException(),
            };
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var now = DateTimeOffset.UtcNow;
            using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(CaValidityDays));

            var keyFile = Path.Combine(dir.Path, name + ".key.pem");
            File.WriteAllText(keyFile, PemEncoding.WriteString("PRIVATE KEY", key.ExportPkcs8PrivateKey()));
            var certFile = Path.Combine(dir.Path, name + ".pem");
            File.WriteAllText(certFile, cert.ExportCertificatePem() + "\n");
            var notAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime());
            return new TestCa(name, keyFile, certFile, cert.RawData, notAfter);
        }
    }
}
