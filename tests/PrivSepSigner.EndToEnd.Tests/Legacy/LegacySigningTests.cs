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

    [Fact]
    public async Task A_renewal_with_the_same_csr_after_the_replay_window_gets_a_new_certificate()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "renew", "P-256", "/CN=renew@example.test", "subjectAltName=email:renew@example.test");
        var body = SignBody(LegacyHostFixture.RootEc, LegacyHostFixture.ProfileClient, Sha256, File.ReadAllText(csr), "email:renew@example.test", "/CN=renew@example.test");
        var sent = DateTimeOffset.UtcNow;
        var first = await LegacyClient.RequestOnceAsync(host.Link, body);
        Assert.False(first.IsError, first + host.Log);
        var issued = host.IssuedSerials().Count;

        // CAcert's renewal copies the old CSR into a new row: after the window it is a new request.
        await Task.Delay(sent.AddSeconds(LegacyHostFixture.ReplayWindowSeconds + 1) - DateTimeOffset.UtcNow);
        var renewal = await LegacyClient.RequestOnceAsync(host.Link, body);
        Assert.False(renewal.IsError, renewal + host.Log);
        Assert.NotEqual(Serial(first.Text1), Serial(renewal.Text1));
        Assert.Equal(issued + 1, host.IssuedSerials().Count);
        Assert.True((await OpenSslRequests.VerifyAsync(host.CaFile("root-ec"), Save("renewed.pem", renewal.Text1))).ExitCode == 0);

        // And a resend of the renewal, within its own window, gets the renewal's stored answer.
        var resend = await LegacyClient.RequestOnceAsync(host.Link, body);
        Assert.Equal(renewal.Text1, resend.Text1);
        Assert.Equal(issued + 1, host.IssuedSerials().Count);
    }

    [Fact]
    public async Task A_resend_that_crosses_a_window_bucket_boundary_gets_the_stored_answer()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "boundary", "P-256", "/CN=boundary@example.test", "subjectAltName=email:boundary@example.test");
        var body = SignBody(LegacyHostFixture.RootEc, LegacyHostFixture.ProfileClient, Sha256, File.ReadAllText(csr), "", "");

        // Send 1.5 s before a window bucket ends (buckets are whole windows since the epoch on
        // this host's clock, which the comm handler shares), resend just after it: still within
        // the window of the first sighting, so still the first request.
        var windowMs = LegacyHostFixture.ReplayWindowSeconds * 1000L;
        var boundary = DateTimeOffset.FromUnixTimeMilliseconds(((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / windowMs) + 2) * windowMs);
        await Task.Delay(boundary.AddMilliseconds(-1500) - DateTimeOffset.UtcNow);
        var first = await LegacyClient.RequestOnceAsync(host.Link, body);
        Assert.False(first.IsError, first + host.Log);
        var issued = host.IssuedSerials().Count;
        var wait = boundary.AddMilliseconds(300) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        Assert.True(DateTimeOffset.UtcNow < boundary.AddMilliseconds(windowMs - 2500), "the answer took most of the window; the test cannot show the boundary");
        var again = await LegacyClient.RequestOnceAsync(host.Link, body);
        Assert.Equal(first.Text1, again.Text1);
        Assert.Equal(issued, host.IssuedSerials().Count);
    }

    [Fact]
    public async Task Digest_id_zero_a_row_without_md_is_signed_with_the_profiles_default_sha256()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "nomd", "P-256", "/CN=nomd@example.test", "subjectAltName=email:nomd@example.test");
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var reply = await client.RequestAsync(SignBody(LegacyHostFixture.RootEc, LegacyHostFixture.ProfileClient, 0, File.ReadAllText(csr), "", ""));
        Assert.False(reply.IsError, reply + host.Log);
        var cert = Save("nomd.pem", reply.Text1);
        Assert.True((await OpenSslRequests.VerifyAsync(host.CaFile("root-ec"), cert)).ExitCode == 0);
        Assert.Contains("Signature Algorithm: ecdsa-with-SHA256", await OpenSslRequests.TextAsync(cert));
    }

    [Fact]
    public async Task Refresh_crls_a_revoke_without_a_certificate_is_answered_with_the_current_crl()
    {
        // client.pl's RefreshCRLs: action 2, empty certificate, the SHA-1 of its CRL file in field 4.
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var header = LegacyClient.Header(action: 2, system: 1, root: LegacyHostFixture.RootRsa, days: 365);
        var reply = await client.RequestAsync(LegacyClient.Body(header, [], [], Encoding.ASCII.GetBytes(new string('0', 40))));
        Assert.False(reply.IsError, reply + host.Log);
        Assert.StartsWith("-----BEGIN X509 CRL-----", reply.Text1);
        var crl = Save("refresh.crl", reply.Text1);
        var verify = await Tool.OpenSslAsync("crl", "-noout", "-in", crl, "-CAfile", host.CaFile("root-rsa"));
        Assert.True(verify.ExitCode == 0 && (verify.Stdout + verify.Stderr).Contains("verify OK", StringComparison.Ordinal), verify.ToString());
        var nextUpdate = (await Tool.OpenSslAsync("crl", "-noout", "-nextupdate", "-in", crl)).Stdout;
        Assert.StartsWith("nextUpdate=", nextUpdate);
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

    /// <summary>
    /// Issue 16 items 2 and 10 through the legacy link: CAcert's front end adds an XmppAddr
    /// otherName for every domain of a server certificate and asks for wildcards of verified
    /// domains; under a profile that allows them both are issued, as RFC 6120 13.7.1.4 encodes
    /// the otherName (openssl shows it as othername: XmppAddr), and openssl verifies the result.
    /// </summary>
    [Fact]
    public async Task A_server_row_with_xmpp_addresses_and_a_wildcard_is_issued_as_cacert_sends_it()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "xmpp", "P-256", "/CN=example.org");
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var reply = await client.RequestAsync(SignBody(LegacyHostFixture.RootEc, LegacyHostFixture.ProfileServerCacert, Sha256, File.ReadAllText(csr),
            "DNS:example.org,otherName:1.3.6.1.5.5.7.8.5;UTF8:example.org,DNS:*.example.org,otherName:1.3.6.1.5.5.7.8.5;UTF8:chat.example.org", "/CN=example.org"));
        Assert.False(reply.IsError, reply + host.Log);

        var cert = Save("xmpp.pem", reply.Text1);
        Assert.True((await OpenSslRequests.VerifyAsync(host.CaFile("root-ec"), cert)).ExitCode == 0);
        var text = await OpenSslRequests.TextAsync(cert);
        Assert.Contains("DNS:*.example.org", text);
        Assert.Contains("othername: XmppAddr:", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("chat.example.org", text);

        // The server profile of the same installation, which allows neither, refuses the same row.
        var refused = await client.RequestAsync(SignBody(LegacyHostFixture.RootEc, LegacyHostFixture.ProfileServer, Sha256, File.ReadAllText(csr),
            "DNS:example.org,otherName:1.3.6.1.5.5.7.8.5;UTF8:example.org", "/CN=example.org"));
        Assert.True(refused.IsError, refused.ToString());
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
        var spkac = await NewSpkacAsync("spkac");
        var reply = await LegacyClient.RequestOnceAsync(host.Link, SignBody(LegacyHostFixture.RootRsa, LegacyHostFixture.ProfileClient, Sha256, spkac, "email:carol@example.test", "/CN=carol@example.test", keyType: 1));
        await AssertIssuedByRsaRootAsync(reply, "carol@example.test");
    }

    [Fact]
    public async Task Cacerts_spkac_file_with_long_names_and_an_empty_subject_is_issued_with_its_names()
    {
        // A CAcert "NS" row: name = value lines with spaces around '=', an indexed emailAddress,
        // the long commonName, the SPKAC last; field 4 (subject) empty.
        var spkac = await NewSpkacAsync("nsfile");
        var file = $"0.emailAddress = dora@example.test\ncommonName = dora@example.test\nSPKAC = {spkac.Trim()["SPKAC=".Length..]}\n";
        var reply = await LegacyClient.RequestOnceAsync(host.Link, SignBody(LegacyHostFixture.RootRsa, LegacyHostFixture.ProfileClient, Sha256, file, "email:dora@example.test", "", keyType: 1));
        await AssertIssuedByRsaRootAsync(reply, "dora@example.test");
    }

    [Fact]
    public async Task A_subject_with_long_attribute_names_is_taken_as_openssl_subj_takes_it()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "longnames", "P-256", "/CN=long@example.test", "subjectAltName=email:long@example.test");
        var reply = await LegacyClient.RequestOnceAsync(host.Link, SignBody(LegacyHostFixture.RootEc, LegacyHostFixture.ProfileClient, Sha256, File.ReadAllText(csr), "email:long@example.test", "/commonName=long@example.test"));
        Assert.False(reply.IsError, reply + host.Log);
        Assert.Contains("CN = long@example.test", await OpenSslRequests.TextAsync(Save("long.pem", reply.Text1)));
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

    /// <summary>`openssl spkac` output (SPKAC=base64, one line) for a new P-256 key.</summary>
    private async Task<string> NewSpkacAsync(string name)
    {
        var key = Path.Combine(work.FullName, name + ".key");
        Assert.Equal(0, (await Tool.RunAsync("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key])).ExitCode);
        var spkac = await Tool.RunAsync("openssl", ["spkac", "-key", key, "-challenge", "legacy", "-digest", "sha256"]);
        Assert.True(spkac.ExitCode == 0, spkac.ToString());
        return spkac.Stdout;
    }

    /// <summary>The answer is a certificate root-rsa issued, with <paramref name="mail"/> as its CN and its e-mail SAN.</summary>
    private async Task AssertIssuedByRsaRootAsync(LegacyReply reply, string mail)
    {
        Assert.False(reply.IsError, reply + host.Log);
        var cert = Save(mail + ".pem", reply.Text1);
        Assert.True((await OpenSslRequests.VerifyAsync(host.CaFile("root-rsa"), cert)).ExitCode == 0);
        var text = await OpenSslRequests.TextAsync(cert);
        Assert.Contains($"CN = {mail}", text);
        Assert.Contains($"email:{mail}", text);
    }

    private static string Serial(string pem)
    {
        using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        return cert.SerialNumber;
    }

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
