using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Policy.Tests;

/// <summary>Hostile-input tests for the CSR parser.</summary>
public sealed class CsrInfoTests
{
    [Fact]
    public void ExtractsEverythingFromAnOpenSslRequest()
    {
        var der = Csrs.Make("rsa:2048", "/C=DE/O=Example Org/CN=host.example.org", "DNS:host.example.org,IP:192.0.2.1,email:a@example.org,URI:https://example.org/");
        var csr = CsrInfo.Parse(der);

        Assert.Equal(KeyKind.Rsa, csr.KeyKind);
        Assert.Equal(2048, csr.RsaBits);
        Assert.Null(csr.CurveName);
        Assert.Equal(
            [new SubjectAttribute(KnownOids.Country, "DE"), new SubjectAttribute(KnownOids.Organization, "Example Org"), new SubjectAttribute(KnownOids.CommonName, "host.example.org")],
            csr.SubjectAttributes);
        Assert.Equal(
            [new SanEntry(SanKind.Dns, "host.example.org"), new SanEntry(SanKind.Ip, "192.0.2.1"), new SanEntry(SanKind.Email, "a@example.org"), new SanEntry(SanKind.Other, "URI:https://example.org/")],
            csr.Sans);
        Assert.False(csr.RequestsCa);
        Assert.Contains(KnownOids.SubjectAltName, csr.RequestedExtensionOids);

        // openssl writes the canonical SPKI, so the canonical form is the request's own bytes here.
        var request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256);
        Assert.Equal(request.PublicKey.ExportSubjectPublicKeyInfo(), csr.SpkiDer);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(csr.SpkiDer)), csr.SpkiSha256Hex);
    }

    [Theory]
    [InlineData("P-256")]
    [InlineData("P-384")]
    public void ReadsEcCurve(string curve)
    {
        var csr = CsrInfo.Parse(Csrs.Make(curve, "/CN=ec"));
        Assert.Equal(KeyKind.Ec, csr.KeyKind);
        Assert.Equal(curve, csr.CurveName);
        Assert.Equal(0, csr.RsaBits);
    }

    [Fact]
    public void SeesRequestedCaFlag()
    {
        var csr = CsrInfo.Parse(Csrs.Make("P-256", "/CN=ca", null, "basicConstraints=critical,CA:TRUE"));
        Assert.True(csr.RequestsCa);
        Assert.Contains(KnownOids.BasicConstraints, csr.RequestedExtensionOids);
    }

    [Fact]
    public void RejectsTamperedSignature()
    {
        var der = Csrs.Make("P-256", "/CN=tamper");
        _ = CsrInfo.Parse(der); // the untampered request is fine
        der[^5] ^= 0x01; // inside the signature BIT STRING
        var e = Assert.Throws<CsrException>(() => CsrInfo.Parse(der));
        Assert.Contains("signature", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsTamperedSubject()
    {
        var der = Csrs.Make("rsa:2048", "/CN=aaaaaaaa");
        var at = der.AsSpan().IndexOf("aaaaaaaa"u8);
        der[at] = (byte)'b';
        Assert.Throws<CsrException>(() => CsrInfo.Parse(der));
    }

    [Fact]
    public void RejectsOversizeRequest()
    {
        var e = Assert.Throws<CsrException>(() => CsrInfo.Parse(new byte[CsrInfo.MaxDerBytes + 1]));
        Assert.Contains("16384", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsOversizeRequestEvenIfValid()
    {
        // A real, correctly signed request just over the limit.
        var names = string.Join(',', Enumerable.Range(0, 800).Select(i => $"DNS:host{i:D4}.example.org"));
        var der = Csrs.Make("P-256", "/CN=big", names);
        Assert.True(der.Length > CsrInfo.MaxDerBytes, $"test request is only {der.Length} bytes");
        Assert.Throws<CsrException>(() => CsrInfo.Parse(der));
    }

    [Theory]
    [InlineData("")]
    [InlineData("3000")]
    [InlineData("300302010000")]
    [InlineData("0404deadbeef")]
    public void RejectsGarbage(string hex)
    {
        Assert.Throws<CsrException>(() => CsrInfo.Parse(Convert.FromHexString(hex)));
    }

    [Fact]
    public void RejectsTrailingData()
    {
        var der = Csrs.Make("P-256", "/CN=trailing");
        Assert.Throws<CsrException>(() => CsrInfo.Parse([.. der, 0x00]));
    }

    [Fact]
    public void RecordsUnusualSansAsOther()
    {
        var der = DotNetCsrs.WithSans(DotNetCsrs.Cn("x"), b => b.AddUserPrincipalName("user@example.org"));
        var csr = CsrInfo.Parse(der);
        Assert.Equal([new SanEntry(SanKind.Other, "otherName 1.3.6.1.4.1.311.20.2.3")], csr.Sans);
    }
}
