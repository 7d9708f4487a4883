using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Tests.Framing;

/// <summary>
/// Over a 115200-baud line (about 11.5 KB/s) the link is the limit, so framing must stay
/// small: version, type, CRC-32, COBS and the delimiter add at most 5% to the bytes of a
/// signing request and of its answer, for the smallest realistic ones (P-256 keys).
/// Deterministic byte counts, not timings.
/// </summary>
public sealed class FrameOverheadTests
{
    private const double MaxFramingShare = 0.05;

    [Theory]
    [InlineData("p256")]
    [InlineData("rsa2048")]
    public void Framing_adds_at_most_five_percent_to_a_signing_request_and_its_answer(string key)
    {
        var (csr, cert) = RealisticPair(key);
        var request = MessageCodec.Serialize(new SignX509Request
        {
            RequestId = "0f3c2a7e-5b1d-4c8e-9a6f-2d4b8e1c7a90",
            FrontEndTimeUnixMs = 1_795_000_000_000,
            Root = "root-ec",
            Profile = "server",
            Csr = csr,
        });
        var answer = MessageCodec.Serialize(new SignX509Response
        {
            RequestId = "0f3c2a7e-5b1d-4c8e-9a6f-2d4b8e1c7a90",
            Certificate = cert,
            SerialHex = "5a3f0c9e1d2b4a6c8e0f1a3c5e7092b4",
            Root = "root-ec",
            Profile = "server",
        });

        foreach (var (type, body) in new[] { (MessageType.SignX509Request, request), (MessageType.SignX509Response, answer) })
        {
            var wire = FrameCodec.Encode(type, body);
            var framing = (double)(wire.Length - body.Length) / wire.Length;
            Assert.True(framing <= MaxFramingShare, $"{type}: {wire.Length} bytes on the wire for a {body.Length}-byte body: framing {framing:P1}");
        }
    }

    private static (byte[] Csr, byte[] Certificate) RealisticPair(string key)
    {
        using AsymmetricAlgorithm subject = key == "p256" ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        var request = subject is ECDsa ec
            ? new CertificateRequest("CN=www.example.org", ec, HashAlgorithmName.SHA256)
            : new CertificateRequest("CN=www.example.org", (RSA)subject, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("www.example.org");
        request.CertificateExtensions.Add(san.Build());
        using var ca = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = request.Create(new X500DistinguishedName("CN=Example CA"), X509SignatureGenerator.CreateForECDsa(ca), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), RandomNumberGenerator.GetBytes(16));
        return (request.CreateSigningRequest(), cert.RawData);
    }
}
