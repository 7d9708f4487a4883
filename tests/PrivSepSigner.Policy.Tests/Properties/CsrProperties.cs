using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CsCheck;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Policy.Tests.Properties;

/// <summary>
/// Property tests of CsrInfo.Parse (CsCheck; a failure prints the seed that reproduces it): any
/// bytes and any mutation of a valid request give a CsrInfo or CsrException, in bounded time;
/// a valid request's facts come back exactly as they were put in.
/// </summary>
public sealed class CsrProperties
{
    private static readonly byte[] EcWithSans = DotNetCsrs.WithSans(DotNetCsrs.Cn("host.example.org"), b =>
    {
        b.AddDnsName("host.example.org");
        b.AddEmailAddress("a@example.org");
        b.AddIpAddress(System.Net.IPAddress.Parse("192.0.2.1"));
        b.AddUri(new Uri("https://example.org/"));
    });

    private static readonly Gen<string> Label = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 20].Select(c => new string(c));

    [Fact]
    public void Any_bytes_are_a_request_or_one_csr_exception() =>
        Gen.Byte.Array[0, 2048].Sample(bytes => Mutations.OnlyThrows<CsrException>(() => CsrInfo.Parse(bytes)), iter: 3000);

    [Fact]
    public void Any_der_sequence_is_a_request_or_one_csr_exception() =>
        Gen.Byte.Array[0, 600].Select(body => (byte[])[0x30, 0x82, (byte)(body.Length >> 8), (byte)body.Length, .. body])
            .Sample(bytes => Mutations.OnlyThrows<CsrException>(() => CsrInfo.Parse(bytes)), iter: 2000);

    [Fact]
    public void Mutated_valid_requests_are_a_request_or_one_csr_exception() =>
        Mutations.Of(EcWithSans).Sample(bytes => Mutations.OnlyThrows<CsrException>(() => CsrInfo.Parse(bytes)), iter: 3000);

    [Fact]
    public void A_valid_request_round_trips_its_subject_sans_and_key() =>
        Gen.Select(Label, Label.Array[0, 5]).Sample((cn, hosts) =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(DotNetCsrs.Cn(cn), key, HashAlgorithmName.SHA256);
            if (hosts.Length > 0)
            {
                var sans = new SubjectAlternativeNameBuilder();
                foreach (var h in hosts)
                {
                    sans.AddDnsName(h + ".example.org");
                }

                request.CertificateExtensions.Add(sans.Build());
            }

            var csr = CsrInfo.Parse(request.CreateSigningRequest());
            Assert.Equal([new SubjectAttribute(KnownOids.CommonName, cn)], csr.SubjectAttributes);
            Assert.Equal(hosts.Select(h => new SanEntry(SanKind.Dns, h + ".example.org")), csr.Sans);
            Assert.Equal(KeyKind.Ec, csr.KeyKind);
            Assert.Equal("P-256", csr.CurveName);
            Assert.Equal(key.ExportSubjectPublicKeyInfo(), csr.SpkiDer);
            Assert.False(csr.RequestsCa);
        }, iter: 200);
}
