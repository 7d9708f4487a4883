using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance.Tests.Support;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Keys;
using PrivSepSigner.Policy;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;

namespace PrivSepSigner.Issuance.Tests;

[Collection(CaCollection.Name)]
public sealed class CaIssuerTests
{
    private readonly CaFixture fixture;

    public CaIssuerTests(CaFixture fixture) => this.fixture = fixture;

    private static Profile Default(string name) => Profile.Create(name, ProductProfiles.All[name]);

    private static (CsrInfo Csr, PolicyResult.Approved Approved) Request(string profile, string subject, string? san = null, string key = "P-256")
    {
        var csr = CsrInfo.Parse(Csrs.Make(key, subject, san));
        return (csr, Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(Default(profile), csr)));
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("ec")]
    public void ExposesTheCaFacts(string kind)
    {
        var ca = fixture.Get(kind);
        using var issuer = ca.NewIssuer();
        Assert.Equal(ca.Name, issuer.RootName);
        Assert.Equal(ca.CertificateDer, issuer.CertificateDer);
        Assert.Equal(ca.NotAfter, issuer.NotAfter);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ca.CertificateDer)), issuer.CertificateSha256Hex);
        Assert.Equal(kind == "rsa" ? "RSA-2048" : "EC-P256", issuer.KeyDescription);
    }

    [Fact]
    public void KeyThatDoesNotMatchTheCertificateIsRefused()
    {
        var key = Pkcs8KeyFile.Load(fixture.Ec.KeyFile);
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => new CaIssuer("rsa-root", fixture.Rsa.CertificateDer, key, fixture.Rsa.Root));
            Assert.Contains("does not match", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            key.Dispose();
        }

        using var otherRsa = new RsaSigningKey(RSA.Create(2048));
        Assert.Throws<InvalidOperationException>(() => new CaIssuer("rsa-root", fixture.Rsa.CertificateDer, otherRsa, fixture.Rsa.Root));
    }

    [Fact]
    public void NonCaCertificateCannotIssue()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=not a CA", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        using var key = new RsaSigningKey(RSA.Create(rsa.ExportParameters(true)));
        var e = Assert.Throws<InvalidOperationException>(() => new CaIssuer("leaf", cert.RawData, key, fixture.Rsa.Root));
        Assert.Contains("CA", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadUrlInRootConfigNamesTheField()
    {
        var key = Pkcs8KeyFile.Load(fixture.Rsa.KeyFile);
        try
        {
            var root = fixture.Rsa.Root with { CrlUrl = "not a url" };
            var e = Assert.Throws<ConfigurationException>(() => new CaIssuer("rsa-root", fixture.Rsa.CertificateDer, key, root));
            Assert.Equal("roots.rsa-root.crlUrl", e.Field);
        }
        finally
        {
            key.Dispose();
        }
    }

    [Fact]
    public void NotAfterIsCappedAtTheCaNotAfter()
    {
        using var issuer = fixture.Rsa.NewIssuer();
        var (csr, approved) = Request("subca", "/C=DE/O=Example Org/CN=Sub CA");
        var now = DateTimeOffset.UtcNow;
        Assert.True(now.AddDays(1825) > issuer.NotAfter); // the profile alone would outlive the CA
        var issued = issuer.Issue(issuer.Prepare(Default("subca"), csr, approved, SerialNumbers.NewSerial(), now));
        Assert.Equal(issuer.NotAfter, issued.NotAfter);
        using var cert = X509CertificateLoader.LoadCertificate(issued.Der);
        Assert.Equal(issuer.NotAfter.UtcDateTime, cert.NotAfter.ToUniversalTime());

        // Late in the CA's life even a 30-day certificate is capped.
        var late = issuer.NotAfter.AddDays(-3);
        var (ocspCsr, ocspApproved) = Request("ocsp", "/CN=OCSP");
        var prepared = issuer.Prepare(Default("ocsp"), ocspCsr, ocspApproved, SerialNumbers.NewSerial(), late);
        Assert.Equal(issuer.NotAfter, prepared.NotAfter);
    }

    [Fact]
    public void ExpiredCaCannotPrepare()
    {
        using var issuer = fixture.Ec.NewIssuer();
        var (csr, approved) = Request("ocsp", "/CN=OCSP");
        var e = Assert.Throws<IssuanceException>(() => issuer.Prepare(Default("ocsp"), csr, approved, SerialNumbers.NewSerial(), issuer.NotAfter.AddDays(1)));
        Assert.Contains("notBefore", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("0000")]
    [InlineData("7fffffffffffffffffffffffffffffffffffffffff")]
    public void LintRefusesBadSerials(string hex)
    {
        using var issuer = fixture.Ec.NewIssuer();
        var (csr, approved) = Request("ocsp", "/CN=OCSP");
        var e = Assert.Throws<IssuanceException>(() => issuer.Prepare(Default("ocsp"), csr, approved, Convert.FromHexString(hex), DateTimeOffset.UtcNow));
        Assert.Contains("serial", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwentyOctetSerialIsAllowed()
    {
        using var issuer = fixture.Ec.NewIssuer();
        var (csr, approved) = Request("ocsp", "/CN=OCSP");
        var serial = Convert.FromHexString("7f" + new string('a', 38));
        var issued = issuer.Issue(issuer.Prepare(Default("ocsp"), csr, approved, serial, DateTimeOffset.UtcNow));
        using var cert = X509CertificateLoader.LoadCertificate(issued.Der);
        Assert.Equal(Convert.ToHexString(serial), cert.SerialNumber);
        Assert.Equal(Convert.ToHexStringLower(serial), issued.SerialHex);
    }

    [Fact]
    public void LintRefusesEmptySubjectWithoutCriticalSan()
    {
        // The policy would refuse this; the lint is the second line of defence against a
        // caller that skips it.
        using var issuer = fixture.Rsa.NewIssuer();
        var (csr, _) = Request("ocsp", "/CN=x");
        var empty = new PolicyResult.Approved([], []);
        var e = Assert.Throws<IssuanceException>(() => issuer.Prepare(Default("ocsp"), csr, empty, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));
        Assert.Contains("subject is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LintRefusesServerWithoutSan()
    {
        using var issuer = fixture.Rsa.NewIssuer();
        var (csr, _) = Request("ocsp", "/CN=x");
        var noSan = new PolicyResult.Approved([new SubjectAttribute(KnownOids.CommonName, "x")], []);
        var e = Assert.Throws<IssuanceException>(() => issuer.Prepare(Default("server"), csr, noSan, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));
        Assert.Contains("requires a subjectAltName", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptySubjectGetsCriticalSan()
    {
        using var issuer = fixture.Ec.NewIssuer();
        var (csr, approved) = Request("server", "/O=dropped", "DNS:host.example.org");
        Assert.Empty(approved.Subject);
        var issued = issuer.Issue(issuer.Prepare(Default("server"), csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));
        using var cert = X509CertificateLoader.LoadCertificate(issued.Der);
        Assert.Empty(cert.SubjectName.RawData.AsSpan(2).ToArray()); // SEQUENCE {} (RFC 5280 4.1.2.6)
        Assert.True(cert.Extensions["2.5.29.17"]!.Critical);
        Assert.Equal(string.Empty, issued.SubjectDn);
    }

    [Fact]
    public void FaultySignatureIsCaughtBeforeReturning()
    {
        using var issuer = new CaIssuer("rsa-root", fixture.Rsa.CertificateDer, new FaultySigningKey(Pkcs8KeyFile.Load(fixture.Rsa.KeyFile)), fixture.Rsa.Root);
        var (csr, approved) = Request("ocsp", "/CN=OCSP");
        var prepared = issuer.Prepare(Default("ocsp"), csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow);
        var e = Assert.Throws<IssuanceException>(() => issuer.Issue(prepared));
        Assert.Contains("does not verify", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificatePreparedByAnotherIssuerIsRefused()
    {
        using var rsaIssuer = fixture.Rsa.NewIssuer();
        using var ecIssuer = fixture.Ec.NewIssuer();
        var (csr, approved) = Request("ocsp", "/CN=OCSP");
        var prepared = rsaIssuer.Prepare(Default("ocsp"), csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow);
        Assert.Throws<IssuanceException>(() => ecIssuer.Issue(prepared));
        Assert.NotEmpty(rsaIssuer.Issue(prepared).Der);
    }

    /// <summary>
    /// Issue 21 item 7: the TBS builder takes the key's parts from the one parse in CsrInfo;
    /// the certificate's SubjectPublicKeyInfo is still the request's, byte for byte (RFC 5280 4.1.2.7).
    /// </summary>
    [Theory]
    [InlineData("P-256")]
    [InlineData("P-384")]
    [InlineData("rsa:2048")]
    public void TheCertificateCarriesTheRequestsSubjectPublicKeyInfoByteForByte(string key)
    {
        using var issuer = fixture.Ec.NewIssuer();
        var der = Csrs.Make(key, "/CN=host.example.org", "DNS:host.example.org");
        var csr = CsrInfo.Parse(der);
        var approved = Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(Default("server"), csr));
        var issued = issuer.Issue(issuer.Prepare(Default("server"), csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));

        // RFC 2986 4.1: CertificationRequestInfo's third element; RFC 5280 4.1: TBSCertificate's seventh.
        var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        _ = info.ReadEncodedValue(); // version
        _ = info.ReadEncodedValue(); // subject
        var requestSpki = info.ReadEncodedValue().ToArray();
        var tbs = new AsnReader(issued.Der, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        for (var i = 0; i < 6; i++)
        {
            _ = tbs.ReadEncodedValue(); // [0] version, serial, signature, issuer, validity, subject
        }

        Assert.Equal(requestSpki, tbs.ReadEncodedValue().ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(requestSpki)), issued.SpkiSha256Hex);
    }

    [Fact]
    public void KeyIdentifiersFollowRfc5280Method1()
    {
        using var issuer = fixture.Ec.NewIssuer();
        var (csr, approved) = Request("server", "/CN=host.example.org", "DNS:host.example.org", "rsa:2048");
        var issued = issuer.Issue(issuer.Prepare(Default("server"), csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));
        using var cert = X509CertificateLoader.LoadCertificate(issued.Der);
        using var ca = X509CertificateLoader.LoadCertificate(fixture.Ec.CertificateDer);

        var ski = Assert.IsType<X509SubjectKeyIdentifierExtension>(cert.Extensions["2.5.29.14"]);
        var expected = new X509SubjectKeyIdentifierExtension(cert.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, false);
        Assert.Equal(expected.SubjectKeyIdentifier, ski.SubjectKeyIdentifier);

        var aki = Assert.IsType<X509AuthorityKeyIdentifierExtension>(cert.Extensions["2.5.29.35"]);
        var caSki = Assert.IsType<X509SubjectKeyIdentifierExtension>(ca.Extensions["2.5.29.14"]);
        Assert.Equal(caSki.SubjectKeyIdentifierBytes.ToArray(), aki.KeyIdentifier!.Value.ToArray());
        Assert.Equal(ca.SubjectName.RawData, cert.IssuerName.RawData);
        Assert.Equal(csr.SpkiDer, cert.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void SubjectValuesAreLiteralNeverHexDer()
    {
        // BouncyCastle's string converter would decode "#0c03414243" as DER; we must not.
        // (A profile without SANs: elsewhere the CN must be one of them.)
        using var issuer = fixture.Rsa.NewIssuer();
        var (csr, approved) = Request("ocsp", "/CN=#0c03414243");
        var issued = issuer.Issue(issuer.Prepare(Default("ocsp"), csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));
        using var cert = X509CertificateLoader.LoadCertificate(issued.Der);
        var rdn = Assert.Single(cert.SubjectName.EnumerateRelativeDistinguishedNames());
        Assert.Equal("#0c03414243", rdn.GetSingleElementValue());
        Assert.Equal("CN=\\#0c03414243", issued.SubjectDn);
    }

    [Fact]
    public void StringTypesFollowRfc5280()
    {
        using var issuer = fixture.Rsa.NewIssuer();
        var (csr, approved) = Request("client-org", "/C=DE/O=Ünïcödé Org/CN=alice@example.org/emailAddress=alice@example.org", "email:alice@example.org");
        var issued = issuer.Issue(issuer.Prepare(Default("client-org"), csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));
        using var cert = X509CertificateLoader.LoadCertificate(issued.Der);
        var tags = new List<(string, UniversalTagNumber)>();
        var reader = new AsnReader(cert.SubjectName.RawData, AsnEncodingRules.DER).ReadSequence();
        while (reader.HasData)
        {
            var atv = reader.ReadSetOf().ReadSequence();
            var oid = atv.ReadObjectIdentifier();
            tags.Add((oid, (UniversalTagNumber)atv.PeekTag().TagValue));
        }

        Assert.Equal(
            [(KnownOids.Country, UniversalTagNumber.PrintableString), (KnownOids.Organization, UniversalTagNumber.UTF8String),
             (KnownOids.CommonName, UniversalTagNumber.UTF8String), (KnownOids.EmailAddress, UniversalTagNumber.IA5String)],
            tags);
        Assert.Equal("emailAddress=alice@example.org,CN=alice@example.org,O=Ünïcödé Org,C=DE", issued.SubjectDn);
    }

    [Fact]
    public void SubCaUnderPathLenZeroCaIsRefused()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pathlen0", ec, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(100));
        using var issuer = new CaIssuer("p0", cert.RawData, new EcdsaSigningKey(ECDsa.Create(ec.ExportParameters(true))), fixture.Ec.Root);
        var (csr, approved) = Request("subca", "/CN=sub");
        var e = Assert.Throws<IssuanceException>(() => issuer.Prepare(Default("subca"), csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));
        Assert.Contains("pathLenConstraint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyOidsAreIssued()
    {
        using var issuer = fixture.Ec.NewIssuer();
        var profile = Profile.Create("pol", ProductProfiles.All["ocsp"] with { Policies = ["1.3.6.1.4.1.99999.1.2"] });
        var csr = CsrInfo.Parse(Csrs.Make("P-256", "/CN=x"));
        var approved = Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(profile, csr));
        var issued = issuer.Issue(issuer.Prepare(profile, csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("c.der"), issued.Der);
        var text = OpenSsl.Ok(dir.Path, "x509", "-inform", "DER", "-in", dir.File("c.der"), "-noout", "-text");
        Assert.Contains("Policy: 1.3.6.1.4.1.99999.1.2", text, StringComparison.Ordinal);
    }
}
