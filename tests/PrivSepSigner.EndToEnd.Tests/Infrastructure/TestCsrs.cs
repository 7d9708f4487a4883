using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>P-256 requests with one DNS SAN (what the server profile needs), made by .NET or by the openssl CLI.</summary>
public static class TestCsrs
{
    /// <summary>A fresh key and DER CSR made in-process (fast, for tests that need hundreds).</summary>
    public static byte[] DotNetP256(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequest();
    }

    /// <summary>A DER CSR made by the real openssl CLI.</summary>
    public static async Task<byte[]> OpenSslP256DerAsync()
    {
        var work = Directory.CreateTempSubdirectory("pss-csr-");
        try
        {
            var pem = await OpenSslRequests.CreateAsync(work.FullName, "req", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
            var der = pem + ".der";
            Assert.Equal(0, (await Tool.RunAsync("openssl", ["req", "-in", pem, "-outform", "DER", "-out", der])).ExitCode);
            return File.ReadAllBytes(der);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// One RSA key, two requests: the ordinary one and one whose SubjectPublicKeyInfo leaves
    /// out the NULL parameters RFC 3279 2.3.1 requires (both .NET and openssl accept it).
    /// </summary>
    public static (byte[] Canonical, byte[] WithoutNull) RsaBothEncodings(string subject, string? dnsName = null)
    {
        using var rsa = RSA.Create(2048);
        var withoutNullKey = new PublicKey(new Oid("1.2.840.113549.1.1.1"), null, new AsnEncodedData(rsa.ExportRSAPublicKey()));
        var canonical = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var withoutNull = new CertificateRequest(new X500DistinguishedName(subject), withoutNullKey, HashAlgorithmName.SHA256);
        if (dnsName is not null)
        {
            foreach (var request in new[] { canonical, withoutNull })
            {
                var san = new SubjectAlternativeNameBuilder();
                san.AddDnsName(dnsName);
                request.CertificateExtensions.Add(san.Build());
            }
        }

        return (canonical.CreateSigningRequest(), withoutNull.CreateSigningRequest(X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1)));
    }
}
