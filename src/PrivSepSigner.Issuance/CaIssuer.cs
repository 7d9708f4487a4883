using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PrivSepSigner.Configuration;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Issuance;

/// <summary>
/// The issuer core for one CA (one key and one certificate, loaded together). Issuance is
/// two steps: <see cref="Prepare"/> builds and lints the TBSCertificate without touching the
/// key, <see cref="Issue"/> signs it and verifies the signature. Everything in the certificate
/// except the subject's public key and the approved names comes from the profile, the root
/// configuration and the caller's clock.
/// </summary>
public sealed partial class CaIssuer : IDisposable
{
    private readonly ISigningKey key;
    private readonly byte[] certificateDer;
    private readonly byte[] issuerNameDer;
    private readonly X509Name issuerName;
    private readonly byte[] authorityKeyId;
    private readonly int? caPathLength;
    private readonly AlgorithmIdentifier signatureAlgorithm;
    private readonly byte[] signatureAlgorithmDer;
    private readonly CaSignatureVerifier verifier;
    private readonly RootConfig root;

    /// <summary>
    /// Takes ownership of <paramref name="key"/> on success (disposed with the issuer); on
    /// failure the caller still owns it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key does not belong to the certificate, or the certificate is not a CA certificate.</exception>
    /// <exception cref="CryptographicException">The certificate cannot be parsed.</exception>
    public CaIssuer(string rootName, byte[] caCertificateDer, ISigningKey key, RootConfig root)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootName);
        ArgumentNullException.ThrowIfNull(caCertificateDer);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(root);

        X509CertificateStructure structure;
        try
        {
            structure = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(caCertificateDer));
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException)
        {
            throw new CryptographicException($"root {rootName}: CA certificate is not a DER X.509 certificate", e);
        }

        var tbs = structure.TbsCertificate;

        // The key must be the one certified: compare the DER SubjectPublicKeyInfo byte for byte.
        var certSpki = tbs.SubjectPublicKeyInfo.GetDerEncoded();
        if (!CryptographicOperations.FixedTimeEquals(certSpki, key.SubjectPublicKeyInfo))
        {
            throw new InvalidOperationException($"root {rootName}: the key ({key.Description}) does not match the CA certificate's public key");
        }

        // RFC 5280 4.2.1.9 / 4.2.1.3: only a CA certificate with keyCertSign may issue.
        var constraints = BasicConstraints.FromExtensions(tbs.Extensions);
        if (tbs.Version != 3 || constraints is null || !constraints.IsCA())
        {
            throw new InvalidOperationException($"root {rootName}: certificate is not a v3 CA certificate (basicConstraints cA TRUE)");
        }

        if (KeyUsage.FromExtensions(tbs.Extensions) is { } usage && (usage.IntValue & KeyUsage.KeyCertSign) == 0)
        {
            throw new InvalidOperationException($"root {rootName}: certificate keyUsage lacks keyCertSign");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(caCertificateDer);
        }
        catch (CryptographicException e)
        {
            throw new CryptographicException($"root {rootName}: CA certificate cannot be loaded: {e.Message}", e);
        }

        using (certificate)
        {
            verifier = new CaSignatureVerifier(certificate, key.Algorithm);
        }

        this.key = key;
        this.root = root;
        RootName = rootName;
        certificateDer = (byte[])caCertificateDer.Clone();
        issuerNameDer = tbs.Subject.GetDerEncoded();
        issuerName = X509Name.GetInstance(Asn1Object.FromByteArray(issuerNameDer));
        caPathLength = constraints.PathLenConstraintInteger is { } p ? p.IntValueExact : null;

        // RFC 5280 4.2.1.1: the AKI keyIdentifier is the issuer's SKI; compute it (4.2.1.2
        // method 1) only if the CA certificate has none.
        authorityKeyId = SubjectKeyIdentifier.FromExtensions(tbs.Extensions)?.GetKeyIdentifier()
            ?? KeyIdentifier(tbs.SubjectPublicKeyInfo);
        NotBefore = new DateTimeOffset(DateTime.SpecifyKind(tbs.StartDate.ToDateTime(), DateTimeKind.Utc));
        NotAfter = new DateTimeOffset(DateTime.SpecifyKind(tbs.EndDate.ToDateTime(), DateTimeKind.Utc));
        signatureAlgorithm = SignatureAlgorithmIds.For(key.Algorithm);
        signatureAlgorithmDer = signatureAlgorithm.GetDerEncoded();
        CertificateSha256Hex = Convert.ToHexStringLower(SHA256.HashData(caCertificateDer));
        KeyDescription = key.Description;
        ValidateUrls(rootName, root);
    }

    /// <summary>How far notBefore lies before the signing time (configured; default five minutes).</summary>
    public TimeSpan Backdate { get; init; } = DefaultBackdate;

    /// <summary>The delta CRL URL put in a Freshest CRL extension for the profiles in <see cref="FreshestCrlProfiles"/>.</summary>
    public string? FreshestCrlUrl { get; init; }

    public IReadOnlySet<string> FreshestCrlProfiles { get; init; } = new HashSet<string>();

    public string RootName { get; }

    /// <summary>The CA certificate, DER.</summary>
    public byte[] CertificateDer => (byte[])certificateDer.Clone();

    /// <summary>The CA certificate's notBefore: it is not used to issue before then.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>The CA certificate's notAfter; no certificate issued here outlives it (RFC 5280 6.1.3 (a)(2)).</summary>
    public DateTimeOffset NotAfter { get; }

    public string CertificateSha256Hex { get; }

    public string KeyDescription { get; }

    public void Dispose()
    {
        verifier.Dispose();
        key.Dispose();
    }

    /// <summary>RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents.</summary>
    internal static byte[] KeyIdentifier(SubjectPublicKeyInfo spki) => SHA1.HashData(spki.PublicKey.GetBytes());

    /// <summary>URLs go into IA5String fields (RFC 5280 4.2.1.13, 4.2.2.1): absolute and ASCII.</summary>
    private static void ValidateUrls(string rootName, RootConfig root)
    {
        foreach (var (field, url) in new[] { ("crlUrl", root.CrlUrl), ("caIssuersUrl", root.CaIssuersUrl), ("ocspUrl", root.OcspUrl) })
        {
            if (url is null)
            {
                continue;
            }

            if (!System.Text.Ascii.IsValid(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ldap"))
            {
                throw new ConfigurationException($"roots.{rootName}.{field}", $"\"{url}\" is not an absolute ASCII http, https or ldap URL");
            }
        }
    }
}
