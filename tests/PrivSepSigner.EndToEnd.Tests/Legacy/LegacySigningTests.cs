using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Legacy;

/// <summary>
/// A legacy CommModule v1 front end against a real installation (both daemons, pty link):
/// its requests are issued, revoked and refused exactly as native ones are.
/// </summary>
[Collection(LegacyLinkCollection.Name)]
public sealed class LegacySigningTests : IDisposable
{
    private const byte Sha256 = 8;
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-legacy-");

    public LegacySigningTests(LegacyHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task Keepalive_is_answered_with_the_signers_clock()
    {
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var reply = await LegacyHostFixture.KeepaliveAsync(client);
        Assert.False(reply.IsError, reply + host.Log);
        Assert.Equal(0, reply.Action);
        var signer = DateTime.ParseExact(reply.Text1, "MMddHHmmyyyy'.'ss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(signer, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task A_pem_csr_is_issued_verifies_with_openssl_and_a_resend_gets_the_same_certificate()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "alice", "P-256", "/CN=alice@example.test", "subjectAltName=email:alice@example.test");
        var body = SignBody(LegacyHostFixture.RootEc, LegacyHostFixture.ProfileClient, Sha256, File.ReadAllText(csr), "email:alice@example.test", "/CN=alice@example.test");
        await using var client = await LegacyClient.OpenAsync(host.Link);

        var reply = await client.RequestAsync(body);
        Assert.False(reply.IsError, reply + host.Log);
        var cert = Save("alice.pem", reply.Text1);
        var verify = await OpenSslRequests.VerifyAsync(host.CaFile("root-ec"), cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("email:alice@example.test", await OpenSslRequests.TextAsync(cert));

        // The legacy protocol has no request id: a resend after a lost answer must not issue twice.
        var issued = host.IssuedSerials().Count;
        var again = await client.RequestAsync(body);
        Assert.Equal(reply.Text1, again.Text1);
        Assert.Equal(issued, host.IssuedSerials().Count);
    }

    /// <summary>
    /// Issue 16 item 1: the front end verified the names it sends, and they are the certificate's
    /// (as the legacy signer's -subj and SAN file made them); the CSR gives only its key. (a) a CSR
    /// with only a CN, (b) a browser CSR with another subject and SAN, (c) a CSR carrying O and C.
    /// </summary>
    [Theory]
    [InlineData("/CN=someone", "")]
    [InlineData("/CN=Browser Generated/O=Browser", "subjectAltName=email:old@csr-name.test")]
    [InlineData("/C=AU/O=CSR Org/CN=carol@csr-name.test", "subjectAltName=email:carol@csr-name.test")]
    public async Task A_pem_csr_is_issued_with_exactly_the_stated_names(string csrSubject, string csrExtension)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, Guid.NewGuid().ToString("N"), "P-256", csrSubject, csrExtension.Length > 0 ? [csrExtension] : []);
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var reply = await client.RequestAsync(SignBody(LegacyHostFixture.RootEc, LegacyHostFixture.ProfileClient, Sha256, File.ReadAllText(csr),
            "email:bob@example.test", "/CN=bob@example.test/emailAddress=bob@example.test"));
        Assert.False(reply.IsError, reply + host.Log);

        var cert = Save(Guid.NewGuid().ToString("N") + ".pem", reply.Text1);
        var verify = await OpenSslRequests.VerifyAsync(host.CaFile("root-ec"), cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var (subject, sans) = await OpenSslRequests.NamesAsync(cert);
        Assert.Equal("emailAddress=bob@example.test,CN=bob@example.test", subject);
        Assert.Equal("email:bob@example.test", sans);
        Assert.DoesNotContain("csr-name", await OpenSslRequests.TextAsync(cert));
    }

    [Fact]
    public async Task A_server_csr_is_issued_with_the_stated_domains()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "srv", "RSA-2048", "/C=DE/O=CSR Org/CN=www.csr-name.test", "subjectAltName=DNS:www.csr-name.test");
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var reply = await client.RequestAsync(SignBody(LegacyHostFixture.RootRsa, LegacyHostFixture.ProfileServer, Sha256, File.ReadAllText(csr),
            "DNS:www.example.org,DNS:example.org", "/CN=www.example.org"));
        Assert.False(reply.IsError, reply + host.Log);

        var cert = Save("srv.pem", reply.Text1);
        Assert.True((await OpenSslRequests.VerifyAsync(host.CaFile("root-rsa"), cert)).ExitCode == 0);
        var (subject, sans) = await OpenSslRequests.NamesAsync(cert);
        Assert.Equal("CN=www.example.org", subject);
        Assert.Equal("DNS:www.example.org, DNS:example.org", sans);
    }

    /// <summary>(d) Stated names go through the profile as a CSR's do: a DNS name under the client profile is refused, nothing issued.</summary>
    [Fact]
    public async Task Stated_names_the_profile_does_not_allow_are_refused()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "mallory", "P-256", "/CN=mallory@example.test", "subjectAltName=email:mallory@example.test");
        var issued = host.IssuedSerials().Count;
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var reply = await client.RequestAsync(SignBody(LegacyHostFixture.RootEc, LegacyHostFixture.ProfileClient, Sha256, File.ReadAllText(csr),
            "email:mallory@example.test,DNS:www.example.test", "/CN=mallory@example.test"));
        Assert.True(reply.IsError, reply.ToString());
        Assert.Equal("PolicyRefused", reply.ErrorCode);
        Assert.Contains("dns", reply.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(issued, host.IssuedSerials().Count);
    }

    /// <summary>(e) The CSR still proves possession of its key: a bad self-signature is refused whatever names come with it.</summary>
    [Fact]
    public async Task A_csr_whose_self_signature_is_bad_is_refused()
    {
        var der = await OpenSslRequests.ToDerAsync(await OpenSslRequests.CreateAsync(work.FullName, "tampered", "P-256", "/CN=trent@example.test"));
        der[^3] ^= 0x01; // inside the signature BIT STRING
        var pem = PemEncoding.WriteString("CERTIFICATE REQUEST", der);
        var issued = host.IssuedSerials().Count;
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var reply = await client.RequestAsync(SignBody(LegacyHostFixture.RootEc, LegacyHostFixture.ProfileClient, Sha256, pem, "email:trent@example.test", "/CN=trent@example.test"));
        Assert.True(reply.IsError, reply.ToString());
        Assert.Equal("InvalidRequest", reply.ErrorCode);
        Assert.Contains("valid self-signature", reply.ErrorMessage);
        Assert.Equal(issued, host.IssuedSerials().Count);
    }

    [Fact]
    public async Task A_spkac_is_issued_with_the_stated_names_and_verifies()
    {
        var key = Path.Combine(work.FullName, "spkac.key");
        Assert.Equal(0, (await Tool.RunAsync("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key])).ExitCode);
        var spkac = await Tool.RunAsync("openssl", ["spkac", "-key", key, "-challenge", "legacy", "-digest", "sha256"]);
        Assert.True(spkac.ExitCode == 0, spkac.ToString());
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var reply = await client.RequestAsync(SignBody(LegacyHostFixture.RootRsa, LegacyHostFixture.ProfileClient, Sha256, spkac.Stdout, "email:carol@example.test", "/CN=carol@example.test", keyType: 1));
        Assert.False(reply.IsError, reply + host.Log);
        var cert = Save("carol.pem", reply.Text1);
        Assert.True((await OpenSslRequests.VerifyAsync(host.CaFile("root-rsa"), cert)).ExitCode == 0);
        var text = await OpenSslRequests.TextAsync(cert);
        Assert.Contains("CN = carol@example.test", text);
        Assert.Contains("email:carol@example.test", text);
    }

    [Theory]
    [InlineData(1, "md5")]
    [InlineData(2, "sha1")]
    public async Task A_broken_digest_id_is_refused_and_nothing_is_issued(byte digest, string name)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "dave" + digest, "P-256", "/CN=Dave", "subjectAltName=email:dave@example.test");
        var issued = host.IssuedSerials().Count;
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var reply = await client.RequestAsync(SignBody(LegacyHostFixture.RootEc, LegacyHostFixture.ProfileClient, digest, File.ReadAllText(csr), "", ""));
        Assert.True(reply.IsError);
        Assert.Equal("PolicyRefused", reply.ErrorCode);
        Assert.Contains($"{name} ({digest}) is refused", reply.ErrorMessage);
        Assert.Equal(issued, host.IssuedSerials().Count);
    }

    [Fact]
    public async Task An_unmapped_root_number_is_refused_by_name()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "erin", "P-256", "/CN=Erin", "subjectAltName=email:erin@example.test");
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var reply = await client.RequestAsync(SignBody(7, LegacyHostFixture.ProfileClient, Sha256, File.ReadAllText(csr), "", ""));
        Assert.Equal("UnknownRoot", reply.ErrorCode);
        Assert.Contains("legacy root number 7", reply.ErrorMessage);
    }

    [Fact]
    public async Task A_revocation_is_answered_with_the_current_crl_listing_the_serial()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "frank", "P-256", "/CN=frank@example.test", "subjectAltName=email:frank@example.test");
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var signed = await client.RequestAsync(SignBody(LegacyHostFixture.RootRsa, LegacyHostFixture.ProfileClient, Sha256, File.ReadAllText(csr), "", ""));
        Assert.False(signed.IsError, signed + host.Log);
        var cert = Save("frank.pem", signed.Text1);
        var serial = (await Tool.OpenSslAsync("x509", "-noout", "-serial", "-in", cert)).Stdout.Trim()["serial=".Length..];

        var header = LegacyClient.Header(action: 2, system: 1, root: LegacyHostFixture.RootRsa, days: 365);
        var reply = await client.RequestAsync(LegacyClient.Body(header, Encoding.ASCII.GetBytes(signed.Text1), [], Encoding.ASCII.GetBytes(new string('0', 40))));
        Assert.False(reply.IsError, reply + host.Log);
        Assert.StartsWith("-----BEGIN X509 CRL-----", reply.Text1);
        var crl = Save("root-rsa.crl", reply.Text1);
        var text = await Tool.OpenSslAsync("crl", "-noout", "-text", "-in", crl);
        Assert.Contains(serial.TrimStart('0'), text.Stdout.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.True(host.Revocation("root-rsa", serial.ToLowerInvariant().TrimStart('0')).Revoked);
    }

    public void Dispose() => work.Delete(recursive: true);

    private static byte[] SignBody(byte root, byte profile, byte digest, string request, string sans, string subject, byte keyType = 0) =>
        LegacyClient.Body(
            LegacyClient.Header(action: 1, system: 1, root: root, profile: profile, digest: digest, days: 365, keyType: keyType),
            Encoding.ASCII.GetBytes(request),
            Encoding.ASCII.GetBytes(sans),
            Encoding.ASCII.GetBytes(subject));

    private string Save(string name, string text)
    {
        var path = Path.Combine(work.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
