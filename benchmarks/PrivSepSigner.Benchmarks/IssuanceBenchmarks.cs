using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance;
using PrivSepSigner.Keys;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Benchmarks;

/// <summary>One issuance: CSR parse and verify, policy, TBS, sign, post-sign verify.</summary>
[MemoryDiagnoser]
public class IssuanceBenchmarks
{
    private CaIssuer issuer = null!;
    private Profile profile = null!;
    private byte[] csr = [];
    private CsrInfo? parsed;

    [Params("RSA-2048", "P-256")]
    public string CaKey { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var dir = Directory.CreateTempSubdirectory("pss-bench-").FullName;
        using AsymmetricAlgorithm key = CaKey == "RSA-2048" ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedName("CN=Bench CA");
        var request = key is RSA rsa ? new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) : new CertificateRequest(name, (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        var keyPath = Path.Combine(dir, "key.pem");
        File.WriteAllText(keyPath, PemEncoding.WriteString("PRIVATE KEY", key.ExportPkcs8PrivateKey()));
        var root = new RootConfig { Name = "bench", KeyDirectory = dir, Profiles = ["server"] };
        issuer = new CaIssuer("bench", ca.RawData, Pkcs8KeyFile.Load(keyPath), root);
        profile = Profile.Create("server", DefaultProfiles.All["server"]);
        using var subject = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=bench.example.test", subject, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("bench.example.test");
        req.CertificateExtensions.Add(san.Build());
        csr = req.CreateSigningRequest();
        Directory.Delete(dir, recursive: true);
    }

    [Benchmark]
    public CsrInfo ParseCsr() => CsrInfo.Parse(csr);

    [Benchmark]
    public PreparedCertificate PrepareOnly()
    {
        var info = parsed ??= CsrInfo.Parse(csr);
        var approved = (PolicyResult.Approved)ProfilePolicy.Evaluate(profile, info);
        return issuer.Prepare(profile, info, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow);
    }

    [Benchmark]
    public IssuedCertificate IssueOne()
    {
        var info = CsrInfo.Parse(csr);
        var approved = (PolicyResult.Approved)ProfilePolicy.Evaluate(profile, info);
        var prepared = issuer.Prepare(profile, info, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow);
        return issuer.Issue(prepared);
    }
}
