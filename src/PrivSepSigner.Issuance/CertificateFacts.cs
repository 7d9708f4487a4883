using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Issuance;

/// <summary>
/// What <see cref="TbsLint"/>'s rules ask of a TBSCertificate, read once: the extensions the
/// certificate carries, its purposes, key usage bits, key type, subject attributes and
/// subjectAltNames (null for an extension that is absent).
/// </summary>
internal sealed class CertificateFacts
{
    public CertificateFacts(TbsCertificateStructure tbs, Profile profile)
    {
        Extensions = tbs.Extensions;
        Constraints = Extensions is null ? null : BasicConstraints.FromExtensions(Extensions);
        Usage = Extensions is null ? null : KeyUsage.FromExtensions(Extensions);
        Purposes = (Extensions is null ? null : ExtendedKeyUsage.FromExtensions(Extensions))?.GetAllUsages().Select(p => p.Id).ToList();
        San = Extensions?.GetExtension(X509Extensions.SubjectAlternativeName);
        SanNames = San is null ? null : GeneralNames.GetInstance(San.GetParsedValue()).GetNames();
        IsCa = Constraints?.IsCA() ?? false;
        ServerAuth = Purposes?.Contains(KnownOids.ServerAuth) ?? false;
        KeyAlgorithm = tbs.SubjectPublicKeyInfo.Algorithm;
        Subject = tbs.Subject.GetOidList().Zip(tbs.Subject.GetValueList(), (oid, value) => new SubjectAttribute(oid.Id, value)).ToList();
        Profile = profile;
    }

    public X509Extensions? Extensions { get; }

    public BasicConstraints? Constraints { get; }

    public KeyUsage? Usage { get; }

    /// <summary>keyUsage bits as BouncyCastle numbers them (<see cref="KeyUsage.DigitalSignature"/>...), 0 when absent.</summary>
    public int UsageBits => Usage?.IntValue ?? 0;

    /// <summary>Extended key usage OIDs, or null without the extension.</summary>
    public IReadOnlyList<string>? Purposes { get; }

    public X509Extension? San { get; }

    public GeneralName[]? SanNames { get; }

    public bool IsCa { get; }

    /// <summary>The certificate is for TLS servers: the CA/B Forum TLS Baseline Requirements apply.</summary>
    public bool ServerAuth { get; }

    public AlgorithmIdentifier KeyAlgorithm { get; }

    public bool IsRsaKey => KeyAlgorithm.Algorithm.Id == "1.2.840.113549.1.1.1";

    public bool IsEcKey => KeyAlgorithm.Algorithm.Id == "1.2.840.10045.2.1";

    /// <summary>Subject attributes in encoding order.</summary>
    public IReadOnlyList<SubjectAttribute> Subject { get; }

    public Profile Profile { get; }

    public bool HasUsage(int bit) => (UsageBits & bit) != 0;

    public X509Extension? Extension(DerObjectIdentifier oid) => Extensions?.GetExtension(oid);
}
