using System.Text;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// Each refusal comes back as one clear line with a non-zero exit, and leaves nothing
/// behind: no spool entry, no answer, no temporary file, no certificate in the database.
/// </summary>
public sealed class RefusalTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-ref-");

    public RefusalTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task Unknown_root_is_refused()
    {
        await AssertRefusedAsync("no-such-root", "server", await GoodServerCsrAsync(), "UnknownRoot");
        await host.WaitForLogLineAsync("refused at the link", "no-such-root", "UnknownRoot");
    }

    [Fact]
    public async Task Unknown_profile_is_refused()
    {
        await AssertRefusedAsync("root-rsa", "no-such-profile", await GoodServerCsrAsync(), "UnknownProfile");
        await host.WaitForLogLineAsync("refused at the link", "no-such-profile", "UnknownProfile");
    }

    [Theory]
    [InlineData("no-such-root", "server", "UnknownRoot")]
    [InlineData("root-ec", "no-such-profile", "UnknownProfile")]
    public async Task Unknown_root_or_profile_spooled_past_the_comm_handler_leaves_a_signer_log_line(string root, string profile, string code)
    {
        // The comm handler screens these at the link; one that reaches the spool came past it
        // (code running as the comm user writes entries directly) and must be on the record too.
        var id = "past-comm-" + Guid.NewGuid().ToString("N")[..12];
        var body = MessageCodec.Serialize(new SignX509Request { RequestId = id, FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Root = root, Profile = profile, Csr = await OpenSslRequests.ToDerAsync(await GoodServerCsrAsync()) });
        host.SpoolPastTheCommHandler(MessageType.SignX509Request, body);
        await host.WaitForLogLineAsync("privsep-signerd", $"refused request {id}", code);
    }

    [Fact]
    public async Task Csr_whose_signature_does_not_verify_is_refused_by_the_signer()
    {
        var der = await OpenSslRequests.ToDerAsync(await GoodServerCsrAsync());
        der[^3] ^= 0x01; // inside the signature BIT STRING
        var bad = Path.Combine(work.FullName, "tampered.der");
        File.WriteAllBytes(bad, der);

        // The comm handler checks only the structure; the signer's own verification refuses it.
        await AssertRefusedAsync("root-rsa", "server", bad, "InvalidRequest", "valid self-signature");
    }

    [Fact]
    public async Task Rsa_1024_key_is_refused()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "weak", "RSA-1024", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        await AssertRefusedAsync("root-rsa", "server", csr, "PolicyRefused", "KeyTooSmall");
    }

    [Fact]
    public async Task Client_profile_asked_for_ca_true_is_refused()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "ca", "P-256", ProfileRequests.Subject, "basicConstraints=critical,CA:TRUE", "subjectAltName=email:ops@example.test");
        await AssertRefusedAsync("root-ec", "client", csr, "PolicyRefused", "CaNotAllowed");
    }

    [Fact]
    public async Task Server_profile_without_san_is_refused()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "nosan", "P-256", ProfileRequests.Subject);
        await AssertRefusedAsync("root-ec", "server", csr, "PolicyRefused", "SanRequired");
    }

    [Fact]
    public async Task Oversized_csr_is_refused()
    {
        // A genuine, correctly self-signed CSR that is simply too large (> 16 KiB).
        var sans = new StringBuilder("subjectAltName=");
        for (var i = 0; i < 900; i++)
        {
            sans.Append(i == 0 ? "" : ",").Append($"DNS:host{i:D4}.example.test");
        }

        var csr = await OpenSslRequests.CreateAsync(work.FullName, "big", "P-256", ProfileRequests.Subject, sans.ToString());
        Assert.True(new FileInfo(csr).Length > 16384);
        await AssertRefusedAsync("root-ec", "server", csr, "InvalidRequest", "csr");
    }

    [Fact]
    public async Task Rsa_key_with_public_exponent_3_is_refused()
    {
        var key = Path.Combine(work.FullName, "e3.key");
        var gen = await Tool.RunAsync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-pkeyopt", "rsa_keygen_pubexp:3", "-out", key]);
        Assert.True(gen.ExitCode == 0, gen.ToString());
        var csr = Path.Combine(work.FullName, "e3.csr");
        var req = await Tool.RunAsync("openssl", ["req", "-new", "-key", key, "-subj", "/CN=host.example.test", "-addext", "subjectAltName=DNS:host.example.test", "-out", csr]);
        Assert.True(req.ExitCode == 0, req.ToString());
        await AssertRefusedAsync("root-rsa", "server", csr, "PolicyRefused", "RsaPublicExponent");
    }

    [Fact]
    public async Task A_subca_key_certified_once_is_refused_the_second_time()
    {
        // subca is ceremony-only: both attempts are the operator's, on the signing host.
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "subca", "P-384", "/CN=Example Issuing CA/O=Example Org/C=DE");
        var first = await host.CeremonySignAsync("root-rsa", "subca", csr, Path.Combine(work.FullName, "subca-1.pem"));
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = host.IssuedSerials().Count;
        var second = await host.CeremonySignAsync("root-rsa", "subca", csr, Path.Combine(work.FullName, "subca-2.pem"));
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("refused: KeyReused", second.Stdout);
        Assert.False(File.Exists(Path.Combine(work.FullName, "subca-2.pem")));
        Assert.Equal(before, host.IssuedSerials().Count);
    }

    [Fact]
    public async Task A_subca_key_certified_once_is_refused_even_when_its_request_spells_the_key_differently()
    {
        // Issue 22 item 2: the same RSA key with and without the NULL parameters of its
        // AlgorithmIdentifier (RFC 3279 2.3.1) is one key for uniqueKey.
        var (canonical, withoutNull) = TestCsrs.RsaBothEncodings("CN=Example Issuing CA, O=Example Org, C=DE");
        var first = Path.Combine(work.FullName, "subca-canonical.der");
        var second = Path.Combine(work.FullName, "subca-without-null.der");
        File.WriteAllBytes(first, canonical);
        File.WriteAllBytes(second, withoutNull);
        // subca is ceremony-only (issue 15 item 1): both attempts are the operator's, on the signing host.
        var issued = await host.CeremonySignAsync("root-ec", "subca", first, Path.Combine(work.FullName, "subca-canonical.pem"));
        Assert.True(issued.ExitCode == 0, issued.ToString());
        var refused = await host.CeremonySignAsync("root-ec", "subca", second, Path.Combine(work.FullName, "subca-without-null.pem"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("refused: KeyReused", refused.Stdout);
        Assert.False(File.Exists(Path.Combine(work.FullName, "subca-without-null.pem")));
    }

    [Fact]
    public async Task A_certificate_carries_the_canonical_key_whatever_the_request_spelled()
    {
        var (_, withoutNull) = TestCsrs.RsaBothEncodings("CN=host.example.test", "host.example.test");
        var csr = Path.Combine(work.FullName, "server-without-null.der");
        File.WriteAllBytes(csr, withoutNull);
        var r = await host.SignAsync("root-rsa", "server", csr);
        Assert.True(r.ExitCode == 0, r.ToString());
        var cert = Path.Combine(work.FullName, "server-without-null.pem");
        File.WriteAllText(cert, r.Stdout);
        var asn1 = await Tool.RunAsync("openssl", ["asn1parse", "-in", cert]);
        var lines = asn1.Stdout.Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains(":rsaEncryption", StringComparison.Ordinal));
        Assert.True(at > 0 && lines[at + 1].Contains("NULL", StringComparison.Ordinal), asn1.Stdout);
    }

    [Fact]
    public async Task A_sha1_signed_csr_is_refused_saying_so()
    {
        var key = Path.Combine(work.FullName, "sha1.key");
        var csr = Path.Combine(work.FullName, "sha1.csr");
        var req = await Tool.RunAsync("openssl", ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-sha1", "-keyout", key, "-out", csr, "-subj", "/CN=host.example.test", "-addext", "subjectAltName=DNS:host.example.test"]);
        Assert.True(req.ExitCode == 0, req.ToString());
        await AssertRefusedAsync("root-rsa", "server", csr, "InvalidRequest", "signed with MD5 or SHA-1, which are refused");
    }

    [Fact]
    public async Task A_common_name_that_is_not_one_of_the_sans_is_refused()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "evilcn", "P-256", "/CN=evil.example.com", "subjectAltName=DNS:good.example.test");
        await AssertRefusedAsync("root-ec", "server", csr, "PolicyRefused", "SubjectNotInSan", "evil.example.com");
    }

    [Fact]
    public async Task A_compressed_point_and_an_ed25519_key_are_named()
    {
        var key = Path.Combine(work.FullName, "p256.key");
        var compressedKey = Path.Combine(work.FullName, "p256c.key");
        var compressed = Path.Combine(work.FullName, "compressed.csr");
        Assert.Equal(0, (await Tool.RunAsync("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key])).ExitCode);
        Assert.Equal(0, (await Tool.RunAsync("openssl", ["ec", "-in", key, "-conv_form", "compressed", "-out", compressedKey])).ExitCode);
        Assert.Equal(0, (await Tool.RunAsync("openssl", ["req", "-new", "-key", compressedKey, "-subj", "/CN=host.example.test", "-addext", "subjectAltName=DNS:host.example.test", "-out", compressed])).ExitCode);
        await AssertRefusedAsync("root-ec", "server", compressed, "InvalidRequest", "compressed P-256 point", "uncompressed");

        var ed = Path.Combine(work.FullName, "ed25519.csr");
        Assert.Equal(0, (await Tool.RunAsync("openssl", ["req", "-new", "-newkey", "ed25519", "-nodes", "-keyout", ed + ".key", "-subj", "/CN=host.example.test", "-out", ed])).ExitCode);
        await AssertRefusedAsync("root-ec", "server", ed, "InvalidRequest", "Ed25519", "RSA", "P-256");
    }

    [Fact]
    public async Task A_csr_file_too_large_is_told_apart_from_a_missing_one()
    {
        var big = Path.Combine(work.FullName, "big.csr");
        File.WriteAllBytes(big, new byte[1024 * 1024]);
        var tooLarge = await host.SignAsync("root-ec", "server", big);
        Assert.Equal(2, tooLarge.ExitCode);
        Assert.Contains("1048576 bytes, larger than the 65536 bytes a certificate request may have", tooLarge.Stderr);

        var missing = await host.SignAsync("root-ec", "server", Path.Combine(work.FullName, "absent.csr"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr);
        Assert.DoesNotContain("larger", missing.Stderr);
    }

    public void Dispose() => work.Delete(recursive: true);

    private async Task AssertRefusedAsync(string root, string profile, string csr, params string[] expected)
    {
        var before = host.IssuedSerials().Count;
        var r = await host.SignAsync(root, profile, csr);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal(string.Empty, r.Stdout);
        var lines = r.Stderr.Trim().Split('\n');
        Assert.Single(lines);
        foreach (var e in expected)
        {
            Assert.Contains(e, lines[0]);
        }

        Assert.Equal(before, host.IssuedSerials().Count);
        Assert.Empty(await host.WaitForEmptySpoolAsync(TimeSpan.FromSeconds(10)));
    }

    private Task<string> GoodServerCsrAsync() =>
        OpenSslRequests.CreateAsync(work.FullName, Guid.NewGuid().ToString("N"), "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
}
