using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance;
using PrivSepSigner.Keys;

namespace PrivSepSigner.TestSupport;

/// <summary>One test CA: key file, certificate (DER and PEM file) and a way to build issuers.</summary>
public sealed record TestCa(string Name, string KeyFile, string CertificatePemFile, byte[] CertificateDer, DateTimeOffset NotAfter)
{
    public const string CrlUrl = "http://pki.example.test/root.crl";
    public const string CaIssuersUrl = "http://pki.example.test/root.crt";
    public const string OcspUrl = "http://ocsp.example.test/";

    public RootConfig Root => new()
    {
        Name = Name,
        KeyDirectory = Path.GetDirectoryName(KeyFile)!,
        Profiles = [.. DefaultProfiles.Expected.Keys],
        CrlUrl = CrlUrl,
        CaIssuersUrl = CaIssuersUrl,
        OcspUrl = OcspUrl,
    };

    /// <summary>A fresh issuer with the key loaded through the file backend.</summary>
    public CaIssuer NewIssuer() => new(Name, CertificateDer, Pkcs8KeyFile.Load(KeyFile), Root);
}
