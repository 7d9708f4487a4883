using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PrivSepSigner.Comm.Legacy;
using PrivSepSigner.Configuration;
using PrivSepSigner.EndToEnd.Tests.Legacy;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Legacy.Tests;

/// <summary>
/// A PEM CSR's stated names must be the CSR's own, read from its extensionRequest; a SAN the
/// parser cannot represent (an IP of the wrong length) is a refusal, never an exception.
/// </summary>
public sealed class LegacyCsrNamesTests
{
    private static readonly LegacyTranslator Translator = new(
        new LegacyConfig
        {
            Roots = new Dictionary<string, string> { ["0"] = "root-ec" },
            Profiles = new Dictionary<string, string> { ["0"] = "client" },
        },
        new LegacyReplayWindow(TimeSpan.FromSeconds(300), TimeProvider.System));

    [Fact]
    public void Names_equal_to_the_csrs_own_translate_to_a_native_request()
    {
        var native = Translate(Csr(SanWithEmail("alice@example.test")), "email:alice@example.test", "/CN=Alice");
        Assert.Equal(MessageType.SignX509Request, native.Type);
    }

    [Theory]
    [InlineData("email:bob@example.test", "/CN=Alice", "sans:")]
    [InlineData("email:alice@example.test", "/CN=Mallory", "subject:")]
    public void Names_other_than_the_csrs_are_refused(string sans, string subject, string field)
    {
        var e = Assert.Throws<ProtocolException>(() => Translate(Csr(SanWithEmail("alice@example.test")), sans, subject));
        Assert.StartsWith(field, e.Message);
    }

    [Fact]
    public void An_ip_san_of_the_wrong_length_is_refused_not_thrown()
    {
        // GeneralNames { [7] 5 octets }: RFC 5280 4.2.1.6 allows only 4 or 16.
        var csr = Csr(new X509Extension("2.5.29.17", [0x30, 0x07, 0x87, 0x05, 1, 2, 3, 4, 5], false));
        var e = Assert.Throws<ProtocolException>(() => Translate(csr, "IP:1.2.3.4", ""));
        Assert.Equal(ErrorCode.InvalidRequest, e.Code);
    }

    private static NativeRequest Translate(string pem, string sans, string subject)
    {
        var body = LegacyClient.Body(
            LegacyClient.Header(action: 1, system: 1, digest: 8, days: 365),
            Encoding.ASCII.GetBytes(pem), Encoding.ASCII.GetBytes(sans), Encoding.ASCII.GetBytes(subject));
        return Translator.Translate(LegacyRequest.Parse(body), body, 1_767_225_600_000);
    }

    private static X509Extension SanWithEmail(string email)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(email);
        return san.Build();
    }

    private static string Csr(X509Extension san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Alice", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(san);
        return request.CreateSigningRequestPem() + "\n";
    }
}
