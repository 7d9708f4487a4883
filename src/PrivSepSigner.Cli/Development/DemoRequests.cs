using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrivSepSigner.Cli.Development;

/// <summary>PKCS#10 requests for the demo, each with a fresh key of the given kind.</summary>
internal static class DemoRequests
{
    public static byte[] Create(string keyKind, string profile)
    {
        using AsymmetricAlgorithm key = keyKind switch
        {
            "RSA-2048" => RSA.Create(2048),
            "RSA-3072" => RSA.Create(3072),
            "P-256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            "P-384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            _ => throw new ArgumentOutOfRangeException(nameof(keyKind)),
        };
        var host = $"{profile}.demo.example.test";
        var mail = $"{profile}@demo.example.test";
        var client = profile.StartsWith("client", StringComparison.Ordinal);

        // Where the profile issues SANs the CN is one of them; L goes with O (CA/B BR 7.1.4.2.2).
        var subject = new X500DistinguishedName($"CN={(client ? mail : host)}, L=Berlin, O=Demo Org, C=DE");
        var request = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
            _ => throw new InvalidOperationException(),
        };
        var san = new SubjectAlternativeNameBuilder();
        if (profile.StartsWith("server", StringComparison.Ordinal))
        {
            san.AddDnsName(host);
            san.AddIpAddress(IPAddress.Parse("192.0.2.10"));
        }
        else
        {
            san.AddEmailAddress(mail);
        }

        if (profile.StartsWith("server", StringComparison.Ordinal) || client)
        {
            request.CertificateExtensions.Add(san.Build());
        }

        return request.CreateSigningRequest();
    }
}
