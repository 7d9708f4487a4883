using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrivSepSigner.Issuance.Tests.Support;

/// <summary>
/// Requests openssl's command line cannot easily express (control characters, odd SANs),
/// made and self-signed with .NET.
/// </summary>
internal static class DotNetCsrs
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
}
