using Org.BouncyCastle.Asn1.X509;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Issuance;

/// <summary>
/// Pre-sign checks on the finished TBSCertificate. The builder should never produce a
/// certificate that fails them; if it does, that is a bug or a bad configuration, and the
/// certificate is not signed (a signed certificate cannot be taken back).
/// </summary>
internal static class TbsLint
{
    /// <summary>RFC 5280 4.1.2.2: serial numbers are at most 20 octets.</summary>
    public const int MaxSerialOctets = 20;

    public static void Check(TbsCertificateStructure tbs, Expectations expected)
    {
        var problems = new List<string>();

        if (tbs.Version != 3)
        {
            problems.Add("version is not v3 (RFC 5280 4.1.2.1)");
        }

        // RFC 5280 4.1.2.2: positive, at most 20 octets.
        var serial = tbs.SerialNumber.Value;
        if (serial.SignValue <= 0)
        {
            problems.Add("serial number is not positive (RFC 5280 4.1.2.2)");
        }
        else if (serial.ToByteArray().Length > MaxSerialOctets)
        {
            problems.Add($"serial number longer than {MaxSerialOctets} octets (RFC 5280 4.1.2.2)");
        }

        if (!tbs.Signature.Equals(expected.SignatureAlgorithm))
        {
            problems.Add("signature algorithm does not match the CA key (RFC 5280 4.1.2.3)");
        }

        // RFC 5280 4.1.2.4 / 7.1: issuer must equal the CA's subject exactly for path building.
        if (!tbs.Issuer.GetDerEncoded().AsSpan().SequenceEqual(expected.IssuerNameDer))
        {
            problems.Add("issuer name differs from the CA certificate's subject (RFC 5280 4.1.2.4)");
        }

        var notBefore = tbs.StartDate.ToDateTime();
        var notAfter = tbs.EndDate.ToDateTime();
        if (notBefore >= notAfter)
        {
            problems.Add("notBefore is not before notAfter (RFC 5280 4.1.2.5)");
        }

        if (notAfter > expected.CaNotAfter.UtcDateTime)
        {
            problems.Add("notAfter is later than the CA certificate's notAfter");
        }

        var extensions = tbs.Extensions;
        var constraints = extensions is null ? null : BasicConstraints.FromExtensions(extensions);
        var usage = extensions is null ? null : KeyUsage.FromExtensions(extensions);
        var isCa = constraints?.IsCA() ?? false;
        if (constraints is null || isCa != expected.Profile.IsCa)
        {
            problems.Add("basicConstraints cA does not match the profile (RFC 5280 4.2.1.9)");
        }

        var keyCertSign = usage is not null && (usage.IntValue & KeyUsage.KeyCertSign) != 0;
        if (usage is null || usage.IntValue == 0)
        {
            problems.Add("keyUsage missing or empty (RFC 5280 4.2.1.3)");
        }
        else if (keyCertSign != isCa)
        {
            problems.Add("keyCertSign set without cA TRUE or missing with it (RFC 5280 4.2.1.3, 4.2.1.9)");
        }

        // RFC 5280 4.2.1.9 / 6.1.4 (l): a sub-CA under a pathLen 0 CA (or deeper than it allows) would be invalid.
        if (isCa && expected.CaPathLength is { } caPath)
        {
            var subPath = constraints?.PathLenConstraintInteger?.IntValueExact;
            if (caPath == 0 || subPath is null || subPath >= caPath)
            {
                problems.Add($"the CA's pathLenConstraint {caPath} does not allow this sub-CA");
            }
        }

        // RFC 5280 4.2.1.10: only the profile's, and critical.
        var nameConstraints = extensions?.GetExtension(X509Extensions.NameConstraints);
        if ((nameConstraints is not null) != (expected.Profile.NameConstraints is not null) || nameConstraints is { IsCritical: false })
        {
            problems.Add("nameConstraints missing, unexpected or not critical (RFC 5280 4.2.1.10)");
        }

        var san = extensions?.GetExtension(X509Extensions.SubjectAlternativeName);
        if (expected.Profile.RequireSan && san is null)
        {
            problems.Add("profile requires a subjectAltName but none is present");
        }

        // RFC 5280 4.1.2.6 / 4.2.1.6: an empty subject needs a critical subjectAltName.
        if (tbs.Subject.GetOidList().Count == 0 && (san is null || !san.IsCritical))
        {
            problems.Add("subject is empty and no critical subjectAltName is present (RFC 5280 4.2.1.6)");
        }

        if (problems.Count > 0)
        {
            throw new IssuanceException("pre-sign lint failed: " + string.Join("; ", problems));
        }
    }

    /// <summary>What the TBSCertificate must agree with.</summary>
    internal sealed record Expectations(
        Profile Profile,
        byte[] IssuerNameDer,
        AlgorithmIdentifier SignatureAlgorithm,
        DateTimeOffset CaNotAfter,
        int? CaPathLength);
}
