using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrivSepSigner.TestSupport;

/// <summary>
/// Requests openssl's command line cannot easily express (control characters, odd SANs),
/// made and self-signed with .NET.
/// </summary>
public static class DotNetCsrs
{
    public static byte[] Make(X500DistinguishedName subject, Action<CertificateRequest>? extend = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        extend?.Invoke(request);
        return request.CreateSigningRequest();
    }

    public static byte[] WithSans(X500DistinguishedName subject, Action<SubjectAlternativeNameBuilder> sans) =>
        Make(subject, r =>
        {
            var b = new SubjectAlternativeNameBuilder();
            sans(b);
            r.CertificateExtensions.Add(b.Build());
        });

    public static X500DistinguishedName Cn(string cn)
    {
        var b = new X500DistinguishedNameBuilder();
        b.AddCommonName(cn);
        return b.Build();
    }

    /// <summary>
    /// A request for <paramref name="rsa"/> whose SubjectPublicKeyInfo leaves out the NULL
    /// parameters RFC 3279 2.3.1 requires for rsaEncryption; .NET and openssl accept it.
    /// </summary>
    public static byte[] RsaWithoutNullParameters(RSA rsa, X500DistinguishedName subject, Action<CertificateRequest>? extend = null)
    {
        var key = new PublicKey(new Oid("1.2.840.113549.1.1.1"), null, new AsnEncodedData(rsa.ExportRSAPublicKey()));
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        extend?.Invoke(request);
        return request.CreateSigningRequest(X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1));
    }

    /// <summary>The ordinary request for <paramref name="rsa"/> (NULL parameters present).</summary>
    public static byte[] Rsa(RSA rsa, X500DistinguishedName subject, Action<CertificateRequest>? extend = null)
    {
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        extend?.Invoke(request);
        return request.CreateSigningRequest();
    }
}
