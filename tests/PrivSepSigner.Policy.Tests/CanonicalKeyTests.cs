using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Issuance;
using PrivSepSigner.Policy;
using PrivSepSigner.Policy.KeyChecks;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;

namespace PrivSepSigner.Policy.Tests;

/// <summary>
/// Issue 22 item 2: a key is identified by its canonical SubjectPublicKeyInfo (RFC 3279
/// 2.3.1: rsaEncryption with NULL parameters; RFC 5480 2: id-ecPublicKey with a named curve),
/// never by the request's own bytes: the blocked list and uniqueKey see one key as one key,
/// and the certificate carries the canonical form.
/// </summary>
[Collection(CaCollection.Name)]
public sealed class CanonicalKeyTests
{
    private static readonly byte[] RsaAlgorithmWithNull = Convert.FromHexString("300D06092A864886F70D0101010500");

    private readonly CaFixture fixture;

    public CanonicalKeyTests(CaFixture fixture) => this.fixture = fixture;

    private static X500DistinguishedName Host => DotNetCsrs.Cn("host.example.org");

    [Fact]
    public void An_rsa_key_without_null_parameters_is_the_same_key_as_with_them()
    {
        using var rsa = RSA.Create(2048);
        var withNull = CsrInfo.Parse(DotNetCsrs.Rsa(rsa, Host));
        var withoutNull = CsrInfo.Parse(DotNetCsrs.RsaWithoutNullParameters(rsa, Host));

        Assert.Equal(withNull.SpkiDer, withoutNull.SpkiDer);
        Assert.Equal(withNull.SpkiSha256Hex, withoutNull.SpkiSha256Hex);
        Assert.True(withoutNull.SpkiDer.AsSpan().IndexOf(RsaAlgorithmWithNull) > 0, "canonical RSA AlgorithmIdentifier carries NULL");

        // The hash an operator computes with `openssl pkey -pubin -outform DER | sha256sum` blocks both forms.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo())), withoutNull.SpkiSha256Hex);
        var blocked = new HashSet<string> { Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo())) };
        Assert.Equal(RefusalCode.KeyBlocked, KeyQuality.Check(withoutNull, blocked)?.Code);
    }

    [Fact]
    public void The_certificate_carries_the_canonical_key_and_openssl_reads_it()
    {
        using var rsa = RSA.Create(2048);
        var der = DotNetCsrs.RsaWithoutNullParameters(rsa, Host, r =>
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("host.example.org");
            r.CertificateExtensions.Add(san.Build());
        });
        var profile = Profile.Create("server", ProductProfiles.All["server"]);
        var csr = CsrInfo.Parse(der);
        var approved = Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(profile, csr));
        using var issuer = fixture.Rsa.NewIssuer();
        var issued = issuer.Issue(issuer.Prepare(profile, csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));

        // RFC 5280 4.1: TBSCertificate's seventh element is the subjectPublicKeyInfo.
        var tbs = new AsnReader(issued.Der, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        _ = tbs.ReadEncodedValue(); // [0] version
        for (var i = 0; i < 5; i++)
        {
            _ = tbs.ReadEncodedValue(); // serial, signature, issuer, validity, subject
        }

        Assert.Equal(rsa.ExportSubjectPublicKeyInfo(), tbs.ReadEncodedValue().ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo())), issued.SpkiSha256Hex);
    }

    [Fact]
    public void Rsa_parameters_other_than_null_are_refused()
    {
        using var rsa = RSA.Create(2048);
        var key = new PublicKey(new Oid("1.2.840.113549.1.1.1"), new AsnEncodedData(new byte[] { 0x04, 0x00 }), new AsnEncodedData(rsa.ExportRSAPublicKey()));
        var request = new CertificateRequest(Host, key, HashAlgorithmName.SHA256);
        byte[] der;
        try
        {
            der = request.CreateSigningRequest(X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1));
        }
        catch (CryptographicException)
        {
            return; // .NET refuses to write it; nothing to parse
        }

        var e = Assert.Throws<CsrException>(() => CsrInfo.Parse(der));
        Assert.Contains("NULL", e.Message, StringComparison.Ordinal);
    }
}
