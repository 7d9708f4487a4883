using System.Formats.Asn1;
using System.Security.Cryptography;

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
        byte[] signature;
        try
        {
            signature = key.Sign(prepared.TbsDer);
        }
        catch (CryptographicException e)
        {
            throw new IssuanceException($"key backend ({key.Description}) failed to sign: {e.Message}", e);
        }

        // RFC 5280 4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue },
        // with the prepared TBS copied in byte for byte (the writer checks it is one DER value).
        byte[] der;
        try
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(prepared.TbsDer);
                writer.WriteEncodedValue(signatureAlgorithmDer);
                writer.WriteBitString(signature);
            }

            der = writer.Encode();
        }
        catch (ArgumentException e)
        {
            throw new IssuanceException("prepared TBSCertificate is not DER", e);
        }

        // Verify what a relying party will verify: the TBS as embedded in the final encoding.
        var embedded = new AsnReader(der, AsnEncodingRules.DER).ReadSequence().ReadEncodedValue().Span;
        if (!embedded.SequenceEqual(prepared.TbsDer) || !verifier.Verify(embedded, signature))
        {
            throw new IssuanceException($"signature by root {RootName} ({key.Description}) does not verify with the CA certificate's public key");
        }

        return new IssuedCertificate(der, prepared.SerialHex, prepared.Subject, prepared.NotBefore, prepared.NotAfter, prepared.SpkiSha256Hex);
    }
}
