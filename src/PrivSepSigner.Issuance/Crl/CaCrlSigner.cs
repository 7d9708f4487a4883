using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using PrivSepSigner.Keys;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace PrivSepSigner.Issuance.Crl;

/// <summary>
/// Builds and signs CRLs for one CA (RFC 5280 5): BouncyCastle assembles the v2
/// CertificateList, the CA's key signs it through <see cref="SignatureFactoryAdapter"/>, and
/// the signature is verified with the CA certificate's public key before the CRL is returned.
/// Extensions: Authority Key Identifier (5.2.1), CRL Number (5.2.3), Delta CRL Indicator
/// (5.2.4, critical) on deltas, Freshest CRL (5.2.6) on full CRLs when a delta URL is set;
/// entries carry a reasonCode (5.3.1) unless unspecified.
/// </summary>
public sealed class CaCrlSigner
{
    private readonly byte[] caCertificateDer;
    private readonly ISigningKey key;
    private readonly X509Name issuer;
    private readonly byte[] keyIdentifier;

    public CaCrlSigner(byte[] caCertificateDer, ISigningKey key)
    {
        ArgumentNullException.ThrowIfNull(caCertificateDer);
        ArgumentNullException.ThrowIfNull(key);
        this.caCertificateDer = caCertificateDer;
        this.key = key;
        using var cert = X509CertificateLoader.LoadCertificate(caCertificateDer);
        issuer = X509Name.GetInstance(Asn1Object.FromByteArray(cert.SubjectName.RawData));
        keyIdentifier = cert.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes.ToArray()
            ?? throw new InvalidOperationException("the CA certificate has no subject key identifier (RFC 5280 4.2.1.2)");
    }

    public byte[] SignFull(long number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IReadOnlyList<CrlEntry> entries, string? deltaCrlUrl)
    {
        var generator = Start(number, thisUpdate, nextUpdate, entries);
        if (deltaCrlUrl is not null)
        {
            var point = new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, deltaCrlUrl))), null, null);
            generator.AddExtension(X509Extensions.FreshestCrl, false, new CrlDistPoint([point]));
        }

        return Finish(generator);
    }

    public byte[] SignDelta(long number, long baseNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IReadOnlyList<CrlEntry> entries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(number, baseNumber);
        var generator = Start(number, thisUpdate, nextUpdate, entries);
        generator.AddExtension(X509Extensions.DeltaCrlIndicator, true, new CrlNumber(BcBigInteger.ValueOf(baseNumber)));
        return Finish(generator);
    }

    private X509V2CrlGenerator Start(long number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IReadOnlyList<CrlEntry> entries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        if (nextUpdate <= thisUpdate)
        {
            throw new ArgumentException("nextUpdate must be after thisUpdate (RFC 5280 5.1.2.5)", nameof(nextUpdate));
        }

        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(issuer);
        generator.SetThisUpdate(thisUpdate.UtcDateTime);
        generator.SetNextUpdate(nextUpdate.UtcDateTime);
        foreach (var e in entries)
        {
            var serial = new BcBigInteger(e.SerialHex, 16);
            if (e.Reason == 0)
            {
                generator.AddCrlEntry(serial, e.RevokedAt.UtcDateTime, null);
            }
            else
            {
                generator.AddCrlEntry(serial, e.RevokedAt.UtcDateTime, e.Reason);
            }
        }

        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyIdentifier));
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BcBigInteger.ValueOf(number)));
        return generator;
    }

    private byte[] Finish(X509V2CrlGenerator generator)
    {
        var crl = generator.Generate(new SignatureFactoryAdapter(key));
        using var cert = X509CertificateLoader.LoadCertificate(caCertificateDer);
        using var verifier = new CaSignatureVerifier(cert, key.Algorithm);
        if (!verifier.Verify(crl.GetTbsCertList(), crl.GetSignature()))
        {
            throw new IssuanceException("the CRL signature does not verify with the CA certificate");
        }

        return crl.GetEncoded();
    }
}
