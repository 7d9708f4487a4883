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
}
