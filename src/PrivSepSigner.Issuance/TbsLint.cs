using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Issuance;

/// <summary>
/// Pre-sign checks on the finished TBSCertificate: the RFC 5280 and CA/Browser Forum rules
/// that x509lint and zlint check for the certificate types issued here (docs/issuance-lint.md
/// lists each rule with its source). The builder should never produce a certificate that
/// fails them; if it does, that is a bug, a bad configuration or a bad CA certificate, and
/// the certificate is not signed (a signed certificate cannot be taken back). Every finding
/// is an error: <see cref="Check"/> runs in the prepare step, before the key is touched.
/// Split by concern: this file the structure (version, serial, algorithms, issuer, validity),
/// TbsLint.Names.cs the subject and subjectAltName, TbsLint.Extensions.cs the extensions and the key.
/// </summary>
internal static partial class TbsLint
{
    /// <summary>RFC 5280 4.1.2.2: serial numbers are at most 20 octets.</summary>
    public const int MaxSerialOctets = 20;

    /// <summary>CA/B BR 7.1: at least 64 bits of CSPRNG output in the serial.</summary>
    public const int MinSerialOctets = 8;

    /// <summary>CA/B BR 6.3.2: a TLS server certificate is valid for at most 398 days.</summary>
    public const int MaxServerAuthDays = 398;

    /// <exception cref="IssuanceException">The TBSCertificate breaks a rule.</exception>
    public static void Check(TbsCertificateStructure tbs, Expectations expected)
    {
        var problems = Findings(tbs, expected);
        if (problems.Count > 0)
        {
            throw new IssuanceException("pre-sign lint failed: " + string.Join("; ", problems));
        }
    }

    /// <summary>Every rule the TBSCertificate breaks, each as one line naming its source; empty when it breaks none.</summary>
    public static IReadOnlyList<string> Findings(TbsCertificateStructure tbs, Expectations expected)
    {
        var problems = new List<string>();
        var facts = new CertificateFacts(tbs, expected.Profile);
        CheckStructure(tbs, expected, facts, problems);
        CheckNames(tbs, expected, facts, problems);
        CheckExtensions(tbs, expected, facts, problems);
        return problems;
    }

    private static void CheckStructure(TbsCertificateStructure tbs, Expectations expected, CertificateFacts facts, List<string> problems)
    {
        if (tbs.Version != 3)
        {
            problems.Add("version is not v3 (RFC 5280 4.1.2.1)");
        }

        // RFC 5280 4.1.2.2: positive, at most 20 octets; CA/B BR 7.1: at least 64 random bits.
        var serial = tbs.SerialNumber.Value;
        if (serial.SignValue <= 0)
        {
            problems.Add("serial number is not positive (RFC 5280 4.1.2.2)");
        }
        else if (serial.ToByteArray().Length > MaxSerialOctets)
        {
            problems.Add($"serial number longer than {MaxSerialOctets} octets (RFC 5280 4.1.2.2)");
        }
        else if (serial.ToByteArrayUnsigned().Length < MinSerialOctets)
        {
            problems.Add($"serial number shorter than {MinSerialOctets} octets, too short for 64 random bits (CA/B BR 7.1)");
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

        // x509lint "Issuer without countryName/organizationName"; CA/B BR 7.1.2.10.2 (a CA's subject).
        var issuerOids = tbs.Issuer.GetOidList();
        if (issuerOids.Count == 0)
        {
            problems.Add("issuer is empty (RFC 5280 4.1.2.4)");
        }

        if (!issuerOids.Contains(X509Name.C))
        {
            problems.Add("issuer has no countryName (CA/B BR 7.1.2.10.2; x509lint)");
        }

        if (!issuerOids.Contains(X509Name.O))
        {
            problems.Add("issuer has no organizationName (CA/B BR 7.1.2.10.2; x509lint)");
        }

        CheckValidity(tbs, expected, facts, problems);
    }

    private static void CheckValidity(TbsCertificateStructure tbs, Expectations expected, CertificateFacts facts, List<string> problems)
    {
        var notBefore = tbs.StartDate.ToDateTime();
        var notAfter = tbs.EndDate.ToDateTime();
        if (notBefore >= notAfter)
        {
            problems.Add("notBefore is not before notAfter (RFC 5280 4.1.2.5)");
        }

        if (notAfter > expected.CaNotAfter.UtcDateTime)
        {
            problems.Add("notAfter is later than the CA certificate's notAfter (RFC 5280 6.1.3 (a)(2))");
        }

        // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
        foreach (var (time, name) in new[] { (tbs.StartDate, "notBefore"), (tbs.EndDate, "notAfter") })
        {
            var utc = time.ToAsn1Object() is Asn1UtcTime;
            if (utc != (time.ToDateTime().Year < 2050))
            {
                problems.Add($"{name} uses the wrong time type for its year (RFC 5280 4.1.2.5)");
            }
        }

        var days = (notAfter - notBefore).TotalDays;
        var limit = expected.Profile.IsCa ? Profile.MaxCaValidityDays : Profile.MaxValidityDays;
        if (days > limit + 1)
        {
            problems.Add($"valid for {days:F0} days, more than the {limit} days any {(expected.Profile.IsCa ? "CA" : "end-entity")} certificate is issued for");
        }

        if (facts.ServerAuth && days > MaxServerAuthDays)
        {
            problems.Add($"a TLS server certificate valid for more than {MaxServerAuthDays} days (CA/B BR 6.3.2; zlint e_tls_server_cert_valid_time_longer_than_398_days)");
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
