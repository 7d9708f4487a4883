using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// Issue 16 item 1, native side: `sign --csr FILE --subject ... --san ...` sends a
/// SignX509WithNamesRequest. The certificate carries exactly the names the front end stated,
/// filtered by the profile as a CSR's names are; the CSR gives only its key, and its
/// self-signature is still verified (proof of possession).
/// </summary>
public sealed class StatedNamesTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-stated-");

    public StatedNamesTests(UnixHostFixture fixture) => host = fixture.Host;

    /// <summary>(a) only a CN, (b) a different subject and SAN, (c) O and C: the certificate has the stated names, not the CSR's.</summary>
    [Theory]
    [InlineData("/CN=www.stated.test", "")]
    [InlineData("/CN=www.csr-name.test", "subjectAltName=DNS:www.csr-name.test,DNS:other.csr-name.test")]
    [InlineData("/C=DE/O=CSR Org/CN=www.csr-name.test", "subjectAltName=DNS:www.csr-name.test")]
    public async Task The_certificate_has_exactly_the_stated_names(string csrSubject, string csrExtension)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, Guid.NewGuid().ToString("N"), "P-256", csrSubject, csrExtension.Length > 0 ? [csrExtension] : []);
        var r = await host.SignAsync("root-ec", "server", csr, "--subject", "CN=www.stated.test", "--san", "dns:www.stated.test", "--san", "dns:stated.test");
        Assert.True(r.ExitCode == 0, r + host.Log);

        var cert = Save(r.Stdout);
        var verify = await OpenSslRequests.VerifyAsync(host.CaFile("root-ec"), cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var (subject, sans) = await OpenSslRequests.NamesAsync(cert);
        Assert.Equal("CN=www.stated.test", subject);
        Assert.Equal("DNS:www.stated.test, DNS:stated.test", sans);
        Assert.DoesNotContain("csr-name", await OpenSslRequests.TextAsync(cert));
    }

    [Fact]
    public async Task Stated_organisation_names_replace_the_csrs_under_an_org_profile()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "org", "RSA-2048", "/C=DE/L=Berlin/O=CSR Org/CN=www.csr-name.test", "subjectAltName=DNS:www.csr-name.test");
        var r = await host.SignAsync("root-rsa", "server-org", csr,
            "--subject", "C=AU", "--subject", "ST=NSW", "--subject", "L=Sydney", "--subject", "O=Stated Org", "--subject", "CN=www.stated.test",
            "--san", "dns:www.stated.test");
        Assert.True(r.ExitCode == 0, r + host.Log);

        var cert = Save(r.Stdout);
        Assert.True((await OpenSslRequests.VerifyAsync(host.CaFile("root-rsa"), cert)).ExitCode == 0);
        var (subject, sans) = await OpenSslRequests.NamesAsync(cert);
        Assert.Equal("CN=www.stated.test,O=Stated Org,L=Sydney,ST=NSW,C=AU", subject);
        Assert.Equal("DNS:www.stated.test", sans);
    }

    /// <summary>(d) The same names are refused with the same reason whether the CSR carries them or the front end states them.</summary>
    [Theory]
    [InlineData("server", "/CN=www.example.test", "subjectAltName=DNS:www.example.test,email:ops@example.test", "CN=www.example.test", "dns:www.example.test,email:ops@example.test")]
    [InlineData("server", "/CN=other.example.test", "subjectAltName=DNS:www.example.test", "CN=other.example.test", "dns:www.example.test")]
    [InlineData("server", "/CN=www.example.test", "subjectAltName=DNS:bad_name.example.test", "CN=www.example.test", "dns:bad_name.example.test")]
    [InlineData("client", "/CN=ops@example.test", "subjectAltName=email:ops@example.test,DNS:www.example.test", "CN=ops@example.test", "email:ops@example.test,dns:www.example.test")]
    public async Task Stated_names_the_profile_does_not_allow_are_refused_as_csr_names_are(string profile, string csrSubject, string csrExtension, string statedSubject, string statedSans)
    {
        var before = host.IssuedSerials().Count;
        var own = await host.SignAsync("root-ec", profile, await OpenSslRequests.CreateAsync(work.FullName, Guid.NewGuid().ToString("N"), "P-256", csrSubject, csrExtension));

        var plain = await OpenSslRequests.CreateAsync(work.FullName, Guid.NewGuid().ToString("N"), "P-256", "/CN=unrelated");
        var stated = await host.SignAsync("root-ec", profile, plain, ["--subject", statedSubject, .. statedSans.Split(',').SelectMany(s => new[] { "--san", s })]);

        Assert.NotEqual(0, own.ExitCode);
        Assert.NotEqual(0, stated.ExitCode);
        Assert.Equal(string.Empty, stated.Stdout);
        Assert.Contains("PolicyRefused", stated.Stderr);
        Assert.Equal(Reason(own.Stderr), Reason(stated.Stderr));
        Assert.Equal(before, host.IssuedSerials().Count);
    }

    /// <summary>(e) Proof of possession: a CSR whose self-signature does not verify is refused, whatever names come with it.</summary>
    [Fact]
    public async Task A_csr_whose_self_signature_is_bad_is_refused()
    {
        var der = await OpenSslRequests.ToDerAsync(await OpenSslRequests.CreateAsync(work.FullName, "tampered", "P-256", "/CN=www.stated.test"));
        der[^3] ^= 0x01; // inside the signature BIT STRING
        var bad = Path.Combine(work.FullName, "tampered.der");
        File.WriteAllBytes(bad, der);
        var before = host.IssuedSerials().Count;

        var r = await host.SignAsync("root-ec", "server", bad, "--subject", "CN=www.stated.test", "--san", "dns:www.stated.test");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("InvalidRequest", r.Stderr);
        Assert.Contains("valid self-signature", r.Stderr);
        Assert.Equal(before, host.IssuedSerials().Count);
    }

    [Fact]
    public async Task Stated_names_go_with_one_csr_only()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "two", "P-256", "/CN=www.stated.test");
        var r = await host.SignAsync("root-ec", "server", csr, "--csr", csr, "--subject", "CN=www.stated.test", "--san", "dns:www.stated.test");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--subject and --san go with --spkac or one --csr", r.Stderr);
    }

    public void Dispose() => work.Delete(recursive: true);

    /// <summary>The refusal after "PolicyRefused:", without the request id the CLI prints before it.</summary>
    private static string Reason(string stderr)
    {
        var at = stderr.IndexOf("PolicyRefused", StringComparison.Ordinal);
        Assert.True(at >= 0, stderr);
        return stderr[at..].Trim();
    }

    private string Save(string pem)
    {
        var path = Path.Combine(work.FullName, Guid.NewGuid().ToString("N") + ".pem");
        File.WriteAllText(path, pem);
        return path;
    }
}
