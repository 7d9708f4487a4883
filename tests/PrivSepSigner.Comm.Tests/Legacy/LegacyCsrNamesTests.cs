using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PrivSepSigner.Comm.Legacy;
using PrivSepSigner.Configuration;
using PrivSepSigner.EndToEnd.Tests.Legacy;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Comm.Tests.Legacy;

/// <summary>
/// Issue 16 item 1: a PEM CSR's stated subject and SANs are the names the front end verified,
/// and become the stated names of a native SignX509WithNamesRequest, whatever the CSR itself
/// names (the signer verifies its self-signature and uses only its key); with no names stated
/// it is a SignX509Request and the CSR's own names are used.
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

    [Theory]
    [InlineData("email:alice@example.test", "/CN=Alice", new[] { "CN=Alice" }, new[] { "email:alice@example.test" })]
    [InlineData("email:bob@example.test", "/CN=Alice", new[] { "CN=Alice" }, new[] { "email:bob@example.test" })]
    [InlineData("email:alice@example.test", "/CN=Mallory/emailAddress=alice@example.test", new[] { "CN=Mallory", "emailAddress=alice@example.test" }, new[] { "email:alice@example.test" })]
    [InlineData("", "/CN=Alice", new[] { "CN=Alice" }, new string[0])]
    [InlineData("DNS:www.example.test,IP:192.0.2.1", "", new string[0], new[] { "dns:www.example.test", "ip:192.0.2.1" })]
    public void Stated_names_become_the_native_requests_names(string sans, string subject, string[] nativeSubject, string[] nativeSans)
    {
        var pem = Csr(SanWithEmail("alice@example.test"));
        var native = Translate(pem, sans, subject);

        Assert.Equal(MessageType.SignX509WithNamesRequest, native.Type);
        var request = MessageCodec.Deserialize<SignX509WithNamesRequest>(native.Body);
        MessageValidator.Validate(request);
        Assert.Equal(nativeSubject, request.Subject);
        Assert.Equal(nativeSans, request.Sans);
        var block = PemEncoding.Find(pem);
        Assert.Equal(Convert.FromBase64String(pem[block.Base64Data]), request.Csr);
        Assert.Equal(("root-ec", "client"), (request.Root, request.Profile));
    }

    [Fact]
    public void With_no_names_stated_the_csrs_own_are_used()
    {
        var native = Translate(Csr(SanWithEmail("alice@example.test")), "", "");
        Assert.Equal(MessageType.SignX509Request, native.Type);
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
