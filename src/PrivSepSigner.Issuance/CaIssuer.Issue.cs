using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace PrivSepSigner.Issuance;

/// <summary>Step two: the only code that touches the key.</summary>
public sealed partial class CaIssuer
{
    /// <exception cref="IssuanceException">The certificate was prepared by another issuer, or its signature does not verify.</exception>
    public IssuedCertificate Issue(PreparedCertificate prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        if (prepared.IssuerCertificateSha256Hex != CertificateSha256Hex)
        {
            throw new IssuanceException($"certificate was prepared by another CA certificate, not root {RootName}'s");
        }

        return IssueCore(prepared);
    }

    private IssuedCertificate IssueCore(PreparedCertificate prepared)
    {
        TbsCertificateStructure tbs;
        try
        {
            tbs = TbsCertificateStructure.GetInstance(Asn1Object.FromByteArray(prepared.TbsDer));
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException)
        {
            throw new IssuanceException("prepared TBSCertificate is not DER", e);
        }

        byte[] signature;
        try
        {
            signature = key.Sign(prepared.TbsDer);
        }
        catch (CryptographicException e)
        {
            throw new IssuanceException($"key backend ({key.Description}) failed to sign: {e.Message}", e);
        }

        // RFC 5280 4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }.
        var der = new X509CertificateStructure(tbs, signatureAlgorithm, new DerBitString(signature)).GetDerEncoded();

        // Verify what a relying party will verify: the TBS as embedded in the final encoding.
        var embedded = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der)).TbsCertificate.GetDerEncoded();
        if (!embedded.AsSpan().SequenceEqual(prepared.TbsDer) || !verifier.Verify(embedded, signature))
        {
            throw new IssuanceException($"signature by root {RootName} ({key.Description}) does not verify with the CA certificate's public key");
        }

        return new IssuedCertificate(der, prepared.SerialHex, prepared.Subject, prepared.NotBefore, prepared.NotAfter, prepared.SpkiSha256Hex);
    }
}
