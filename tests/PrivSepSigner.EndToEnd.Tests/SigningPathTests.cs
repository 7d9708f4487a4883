using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// The whole path over a pseudo-terminal pair: openssl makes the key and CSR, the CLI is
/// the front end, two daemon processes do the work, openssl verifies the result.
/// </summary>
public sealed class SigningPathTests : IClassFixture<PtyHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-req-");

    public SigningPathTests(PtyHostFixture fixture) => host = fixture.Host;

    public static TheoryData<string, string> RootsAndKeys => new()
    {
        { "root-rsa", "RSA-2048" },
        { "root-rsa", "RSA-4096" },
        { "root-rsa", "P-256" },
        { "root-rsa", "P-384" },
        { "root-ec", "RSA-2048" },
        { "root-ec", "RSA-4096" },
        { "root-ec", "P-256" },
        { "root-ec", "P-384" },
    };

    public static TheoryData<string> Profiles => new() { "client", "client-codesign", "client-org", "server", "server-org", "ocsp", "subca", "timestamp" };

    /// <summary>Every default profile on both of init's roots with RSA and P-256 subject keys (issue 22 item 9).</summary>
    public static TheoryData<string, string, string> ProfileMatrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var profile in Profiles)
        {
            foreach (var root in new[] { "root-rsa", "root-ec" })
            {
                foreach (var key in new[] { "RSA-2048", "P-256" })
                {
                    data.Add(profile, root, key);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RootsAndKeys))]
    public async Task Every_key_type_is_issued_under_both_roots_and_verifies(string root, string keyKind)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "req", keyKind, ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        var cert = await SignToFileAsync(root, "server", csr);
        var verify = await OpenSslRequests.VerifyAsync(host.CaFile(root), cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains($"{cert}: OK", verify.Stdout);
        var text = await OpenSslRequests.TextAsync(cert);
        Assert.Contains(keyKind.StartsWith("RSA", StringComparison.Ordinal) ? $"({keyKind[4..]} bit)" : $"({keyKind[2..]} bit)", text);
    }

    /// <summary>
    /// Issued through both daemons, each certificate went through the pre-sign lint (which
    /// refuses on any finding), and openssl verifies it strictly; the roots init made carry
    /// countryName and every certificate a certificatePolicies OID (x509lint's two complaints).
    /// </summary>
    /// <remarks>ocsp and subca are ceremony-only: the operator issues them on the signing host (`ceremony sign-csr`); the others come over the link.</remarks>
    [Theory]
    [MemberData(nameof(ProfileMatrix))]
    public async Task Every_profile_puts_its_extensions_in_the_certificate(string profile, string root, string keyKind)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, $"{profile}-{root}-{keyKind}", keyKind, ProfileRequests.SubjectFor(profile), ProfileRequests.AddExt(profile));
        var cert = profile is "ocsp" or "subca" ? await CeremonyToFileAsync(root, profile, csr) : await SignToFileAsync(root, profile, csr);
        var verify = await OpenSslRequests.VerifyAsync(host.CaFile(root), cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var text = await OpenSslRequests.TextAsync(cert);
        foreach (var expected in ProfileRequests.Expected(profile).Concat(ProfileRequests.Always))
        {
            Assert.Contains(expected, text);
        }

        Assert.Contains("C = XX", (await OpenSslRequests.TextAsync(host.CaFile(root))).Split('\n').Single(l => l.TrimStart().StartsWith("Issuer:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Validity_comes_from_the_signers_clock_backdated_by_the_configured_amount()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "time", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        var before = DateTimeOffset.UtcNow;
        var cert = await SignToFileAsync("root-ec", "server", csr);
        using var x = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(cert);
        var notBefore = new DateTimeOffset(x.NotBefore.ToUniversalTime());
        Assert.InRange(notBefore, before.AddSeconds(-302), DateTimeOffset.UtcNow.AddSeconds(-298));
        Assert.InRange((x.NotAfter - x.NotBefore).TotalDays, 397, 397.01); // the server profile's 397 days (plus the backdate)
    }

    [Theory]
    [InlineData("root-rsa")]
    [InlineData("root-ec")]
    public async Task Ca_cert_returns_the_roots_certificate(string root)
    {
        var r = await Tool.Cli("ca-cert", "--link", host.Link, "--root", root);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(File.ReadAllText(host.CaFile(root)).Trim(), r.Stdout.Trim());
    }

    [Fact]
    public async Task Status_reports_roots_and_protocol_version()
    {
        var r = await Tool.Cli("status", "--link", host.Link, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("\"protocolVersion\": 1", r.Stdout);
        Assert.Contains("\"root-rsa\"", r.Stdout);
        Assert.Contains("\"root-ec\"", r.Stdout);
        Assert.Contains("\"crls\"", r.Stdout);
        var human = await Tool.Cli("status", "--link", host.Link);
        Assert.Contains("root root-ec:", human.Stdout);
        Assert.Matches(@"crl root-ec: number \d+, next update", human.Stdout);
        Assert.Contains("spool depth", human.Stdout);
    }

    public void Dispose() => work.Delete(recursive: true);

    private async Task<string> CeremonyToFileAsync(string root, string profile, string csr)
    {
        var path = Path.Combine(work.FullName, $"{root}-{profile}-{Guid.NewGuid():N}.pem");
        var r = await host.CeremonySignAsync(root, profile, csr, path);
        Assert.True(r.ExitCode == 0, r + "\n" + host.Log);
        return path;
    }

    private async Task<string> SignToFileAsync(string root, string profile, string csr)
    {
        var r = await host.SignAsync(root, profile, csr);
        Assert.True(r.ExitCode == 0, r + "\n" + host.Log);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", r.Stdout);
        var path = Path.Combine(work.FullName, $"{root}-{profile}-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, r.Stdout);
        return path;
    }
}
