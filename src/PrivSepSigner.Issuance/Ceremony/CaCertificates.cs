using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Issuance.Ceremony;

/// <summary>
/// The two documents of a CA key ceremony, signed by the new key wherever it lives: a
/// self-signed root certificate (RFC 5280 4.2.1.9 basicConstraints cA critical, 4.2.1.3
/// keyCertSign and cRLSign critical, 4.2.1.2 subjectKeyIdentifier) and a sub-CA PKCS#10 request.
/// </summary>
public static class CaCertificates
{
    /// <summary>A self-signed CA certificate in PEM, valid from 5 minutes ago (clock slack) to <paramref name="notAfter"/>.</summary>
    public static string SelfSigned(ISigningKey key, string subject, DateTimeOffset now, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(key);
        var generator = new KeySignatureGenerator(key);
        var request = Request(generator, subject);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive (RFC 5280 4.1.2.2)
        serial[0] |= 0x01; // and no leading zero octet
        using var cert = request.Create(request.SubjectName, generator, now.AddMinutes(-5), notAfter, serial);
        return cert.ExportCertificatePem() + "\n";
    }

    /// <summary>A PKCS#10 request for a sub-CA certificate, in PEM, asking for the CA extensions.</summary>
    public static string SubCaRequest(ISigningKey key, string subject)
    {
        ArgumentNullException.ThrowIfNull(key);
        var generator = new KeySignatureGenerator(key);
        return Request(generator, subject).CreateSigningRequestPem(generator) + "\n";
    }

    /// <summary>True when <paramref name="certificatePem"/> certifies <paramref name="key"/>'s public key.</summary>
    public static bool Certifies(string certificatePem, ISigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var cert = X509Certificate2.CreateFromPem(certificatePem);
        return cert.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.SubjectPublicKeyInfo);
    }

    private static CertificateRequest Request(KeySignatureGenerator generator, string subject)
    {
        var publicKey = generator.PublicKey;
        var request = new CertificateRequest(new X500DistinguishedName(subject), publicKey, generator.Hash);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        return request;
    }
}
