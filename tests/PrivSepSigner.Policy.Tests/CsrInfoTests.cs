using System.Formats.Asn1;
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
    public void Other_attributes_beside_the_extension_request_are_ignored()
    {
        var der = DotNetCsrs.Make(DotNetCsrs.Cn("attrs.example.org"), r =>
        {
            // PKCS#9 challengePassword (RFC 2985 5.4.1), a DirectoryString.
            var password = new AsnWriter(AsnEncodingRules.DER);
            password.WriteCharacterString(UniversalTagNumber.UTF8String, "not-a-secret");
            r.OtherRequestAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.7", password.Encode()));
            var sans = new SubjectAlternativeNameBuilder();
            sans.AddDnsName("attrs.example.org");
            r.CertificateExtensions.Add(sans.Build());
        });

        var csr = CsrInfo.Parse(der);
        Assert.Equal([new SanEntry(SanKind.Dns, "attrs.example.org")], csr.Sans);
        Assert.Equal([KnownOids.SubjectAltName], csr.RequestedExtensionOids);
    }

    [Fact]
    public void Two_extension_request_attributes_are_refused()
    {
        // A request can ask for its extensions once (RFC 2985 5.4.2); a second list could
        // say something else to a reader that takes only one of them.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = SignedByHand(key, attributes =>
        {
            foreach (var dns in new[] { "first.example.org", "second.example.org" })
            {
                var sans = new SubjectAlternativeNameBuilder();
                sans.AddDnsName(dns);
                var san = sans.Build();
                using (attributes.PushSequence())
                {
                    attributes.WriteObjectIdentifier(KnownOids.ExtensionRequest);
                    using (attributes.PushSetOf())
                    using (attributes.PushSequence())
                    using (attributes.PushSequence())
                    {
                        attributes.WriteObjectIdentifier(KnownOids.SubjectAltName);
                        attributes.WriteOctetString(san.RawData);
                    }
                }
            }
        });

        var e = Assert.Throws<CsrException>(() => CsrInfo.Parse(der));
        Assert.Contains("more than one extensionRequest", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_built_by_hand_parses_when_it_is_well_formed()
    {
        // Guards the test above: the same hand-made request with one attribute is accepted.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = SignedByHand(key, _ => { });
        Assert.Equal([new SubjectAttribute(KnownOids.CommonName, "hand.example.org")], CsrInfo.Parse(der).SubjectAttributes);
    }

    /// <summary>RFC 2986 4: a v1 request for CN=hand.example.org with the given attributes, self-signed with ECDSA-SHA256.</summary>
    private static byte[] SignedByHand(ECDsa key, Action<AsnWriter> attributes)
    {
        var info = new AsnWriter(AsnEncodingRules.DER);
        using (info.PushSequence())
        {
            info.WriteInteger(0);
            info.WriteEncodedValue(DotNetCsrs.Cn("hand.example.org").RawData);
            info.WriteEncodedValue(key.ExportSubjectPublicKeyInfo());
            using (info.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                attributes(info);
            }
        }

        var infoDer = info.Encode();
        var request = new AsnWriter(AsnEncodingRules.DER);
        using (request.PushSequence())
        {
            request.WriteEncodedValue(infoDer);
            using (request.PushSequence())
            {
                request.WriteObjectIdentifier("1.2.840.10045.4.3.2"); // ecdsa-with-SHA256
            }

            request.WriteBitString(key.SignData(infoDer, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        return request.Encode();
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
