using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using PrivSepSigner.Issuance.Crl;
using PrivSepSigner.Issuance.Tests.Support;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Keys;
using CrlEntry = PrivSepSigner.Issuance.Crl.CrlEntry;

namespace PrivSepSigner.Issuance.Tests.Crl;

/// <summary>
/// CRLs as the streaming encoder writes them, read back by openssl (signature, text) and by
/// BouncyCastle's parser (every field of every entry), for both key types.
/// </summary>
[Collection(CaCollection.Name)]
public sealed class CaCrlSignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly CaFixture fixture;

    public CaCrlSignerTests(CaFixture fixture) => this.fixture = fixture;

    [Theory]
    [InlineData("rsa")]
    [InlineData("ec")]
    public void A_full_crl_lists_every_entry_with_its_reason_and_invalidity_date_and_verifies(string kind)
    {
        var ca = fixture.Get(kind);
        var entries = new List<CrlEntry>
        {
            new("1", Now.AddDays(-3), 0),
            new("ff", Now.AddDays(-2), 1, Now.AddDays(-9)), // top bit set: a 0x00 pad byte
            new("7fffffffffffffffffffffffffffffffffffffff", Now.AddDays(-1), 6),
            new("1234abcd", new DateTimeOffset(2051, 1, 2, 3, 4, 5, TimeSpan.Zero), 4), // GeneralizedTime from 2050
        };
        using var key = Pkcs8KeyFile.Load(ca.KeyFile);
        var signer = new CaCrlSigner(ca.CertificateDer, key);

        var der = signer.SignFull(7, Now, Now.AddDays(7), entries, "http://pki.example.test/delta.crl", entries.Count).ToArray();

        var crl = new X509CrlParser().ReadCrl(der);
        Assert.Equal(2, crl.Version);
        crl.Verify(new X509CertificateParser().ReadCertificate(ca.CertificateDer).GetPublicKey());
        var listed = crl.GetRevokedCertificates().Cast<X509CrlEntry>().ToList();
        Assert.Equal(entries.Select(e => e.SerialHex), listed.Select(e => e.SerialNumber.ToString(16)));
        Assert.Equal(entries.Select(e => e.RevokedAt.UtcDateTime), listed.Select(e => e.RevocationDate));
        Assert.Null(listed[0].GetExtensionValue(X509Extensions.ReasonCode));
        Assert.Equal(1, Reason(listed[1]));
        Assert.Equal(6, Reason(listed[2]));
        var invalidity = Asn1GeneralizedTime.GetInstance(Asn1Object.FromByteArray(listed[1].GetExtensionValue(X509Extensions.InvalidityDate).GetOctets()));
        Assert.Equal(Now.AddDays(-9).UtcDateTime, invalidity.ToDateTime());
        Assert.Equal(7, CrlNumber.GetInstance(Asn1Object.FromByteArray(crl.GetExtensionValue(X509Extensions.CrlNumber).GetOctets())).PositiveValue.IntValue);
        Assert.NotNull(crl.GetExtensionValue(X509Extensions.FreshestCrl));

        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("full.der"), der);
        var check = OpenSsl.Run(dir.Path, "crl", "-inform", "DER", "-in", "full.der", "-CAfile", ca.CertificatePemFile, "-noout", "-text");
        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.Contains("verify OK", check.Stderr);
        Assert.Contains("Key Compromise", check.Stdout);
        Assert.Contains("Certificate Hold", check.Stdout);
        Assert.Contains("Invalidity Date", check.Stdout);
    }

    [Fact]
    public void A_delta_crl_is_marked_critical_and_may_list_a_released_hold()
    {
        var ca = fixture.Get("ec");
        using var key = Pkcs8KeyFile.Load(ca.KeyFile);
        var der = new CaCrlSigner(ca.CertificateDer, key).SignDelta(9, 7, Now, Now.AddHours(12), [new CrlEntry("abc", Now, 8)]).ToArray();

        var crl = new X509CrlParser().ReadCrl(der);
        Assert.Contains(X509Extensions.DeltaCrlIndicator.Id, crl.GetCriticalExtensionOids());
        Assert.Equal(8, Reason(crl.GetRevokedCertificates().Cast<X509CrlEntry>().Single()));
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("delta.der"), der);
        Assert.Contains("Remove From CRL", OpenSsl.Ok(dir.Path, "crl", "-inform", "DER", "-in", "delta.der", "-noout", "-text"));
    }

    [Fact]
    public void A_crl_with_no_entries_has_no_revoked_certificates_list()
    {
        var ca = fixture.Get("rsa");
        using var key = Pkcs8KeyFile.Load(ca.KeyFile);
        var der = new CaCrlSigner(ca.CertificateDer, key).SignFull(1, Now, Now.AddDays(1), [], null).ToArray();

        // RFC 5280 5.1.2.6: absent, not an empty SEQUENCE.
        var tbs = Asn1Sequence.GetInstance(Asn1Sequence.GetInstance(Asn1Object.FromByteArray(der))[0]);
        Assert.Equal(6, tbs.Count); // version, signature, issuer, thisUpdate, nextUpdate, [0] extensions
        Assert.Null(new X509CrlParser().ReadCrl(der).GetRevokedCertificates());
    }

    [Fact]
    public void A_faulty_signature_is_never_returned()
    {
        var ca = fixture.Get("ec");
        using var key = new FaultySigningKey(Pkcs8KeyFile.Load(ca.KeyFile));
        Assert.Throws<IssuanceException>(() => new CaCrlSigner(ca.CertificateDer, key).SignFull(1, Now, Now.AddDays(1), [new CrlEntry("1", Now, 0)], null));
    }

    private static int Reason(X509CrlEntry entry) =>
        DerEnumerated.GetInstance(Asn1Object.FromByteArray(entry.GetExtensionValue(X509Extensions.ReasonCode).GetOctets())).IntValueExact;
}
