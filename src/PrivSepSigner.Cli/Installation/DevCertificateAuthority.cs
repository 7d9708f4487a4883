using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrivSepSigner.Cli.Installation;

/// <summary>
/// Creates a development root: a fresh key written as unencrypted PKCS#8 (mode 0600, the
/// format the file key backend loads) and a self-signed CA certificate (RFC 5280 4.2.1.9
/// basicConstraints cA, 4.2.1.3 keyCertSign and cRLSign, 4.2.1.2 SKI). Key bytes are
/// zeroed once written.
/// </summary>
internal static class DevCertificateAuthority
{
    private const UnixFileMode KeyFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Create(RootSpec spec, string keyPath, string certPath)
    {
        using AsymmetricAlgorithm key = spec.Kind == RootKeyKind.Rsa
            ? RSA.Create(spec.Bits)
            : ECDsa.Create(spec.Kind == RootKeyKind.EcP384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedName($"CN=PrivSepSigner Development {spec.Name}, O=PrivSepSigner Development");
        var request = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ec => new CertificateRequest(subject, ec, spec.Kind == RootKeyKind.EcP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
            _ => throw new InvalidOperationException("unsupported key"),
        };
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            var pem = PemEncoding.Write("PRIVATE KEY", pkcs8);
            try
            {
                using var file = new FileStream(keyPath, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = KeyFileMode,
                });
                using var writer = new StreamWriter(file);
                writer.Write(pem);
                writer.Write('\n');
            }
            finally
            {
                Array.Clear(pem);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        File.WriteAllText(certPath, cert.ExportCertificatePem() + "\n");
    }
}
