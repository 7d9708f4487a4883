using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>SPKAC requests made by `openssl spkac` are accepted like CSRs, with names filtered by the profile.</summary>
public sealed class SpkacTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-spkac-");

    public SpkacTests(UnixHostFixture fixture) => host = fixture.Host;

    [Theory]
    [InlineData("rsa", "root-rsa")]
    [InlineData("ec", "root-ec")]
    public async Task A_spkac_is_issued_and_verifies(string keyKind, string root)
    {
        var spkac = await SpkacAsync(keyKind, "sha256");
        var r = await Tool.Cli("sign", "--link", host.Link, "--root", root, "--profile", "client", "--spkac", spkac,
            "--subject", "CN=alice@example.test", "--subject", "OU=dropped by the client profile", "--san", "email:alice@example.test");
        Assert.True(r.ExitCode == 0, r + host.Log);
        var cert = Path.Combine(work.FullName, keyKind + ".pem");
        File.WriteAllText(cert, r.Stdout);
        var verify = await OpenSslRequests.VerifyAsync(host.CaFile(root), cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var text = await OpenSslRequests.TextAsync(cert);
        Assert.Contains("CN = alice@example.test", text);
        Assert.DoesNotContain("dropped by the client profile", text);
        Assert.Contains("email:alice@example.test", text);
    }

    [Fact]
    public async Task An_md5_signed_spkac_is_refused()
    {
        var spkac = await SpkacAsync("rsa", "md5");
        var r = await Tool.Cli("sign", "--link", host.Link, "--root", "root-rsa", "--profile", "client", "--spkac", spkac, "--subject", "CN=Alice", "--san", "email:alice@example.test");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("MD5 or SHA-1", r.Stderr);
    }

    [Fact]
    public async Task A_tampered_spkac_is_refused()
    {
        var spkac = await SpkacAsync("ec", "sha256");
        var line = File.ReadAllText(spkac).Trim();
        var der = Convert.FromBase64String(line["SPKAC=".Length..]);
        der[^2] ^= 0x01;
        File.WriteAllText(spkac, "SPKAC=" + Convert.ToBase64String(der) + "\n");
        var r = await Tool.Cli("sign", "--link", host.Link, "--root", "root-ec", "--profile", "client", "--spkac", spkac, "--subject", "CN=Alice", "--san", "email:alice@example.test");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("spkac", r.Stderr);
    }

    [Fact]
    public async Task Stated_names_that_the_sans_do_not_hold_are_refused()
    {
        // Issue 22 item 1: the front end states the names of a SPKAC; the same binding holds.
        var spkac = await SpkacAsync("ec", "sha256");
        var before = host.IssuedSerials().Count;
        var mail = await Tool.Cli("sign", "--link", host.Link, "--root", "root-ec", "--profile", "client", "--spkac", spkac,
            "--subject", "CN=alice@example.test", "--subject", "emailAddress=mallory@evil.example", "--san", "email:alice@example.test");
        Assert.Equal(1, mail.ExitCode);
        Assert.Contains("SubjectNotInSan", mail.Stderr);
        Assert.Contains("emailAddress", mail.Stderr);

        var cn = await Tool.Cli("sign", "--link", host.Link, "--root", "root-ec", "--profile", "client", "--spkac", spkac,
            "--subject", "CN=Mallory", "--san", "email:alice@example.test");
        Assert.Equal(1, cn.ExitCode);
        Assert.Contains("SubjectNotInSan", cn.Stderr);
        Assert.Equal(before, host.IssuedSerials().Count);
    }

    public void Dispose() => work.Delete(recursive: true);

    private async Task<string> SpkacAsync(string keyKind, string digest)
    {
        var key = Path.Combine(work.FullName, $"{keyKind}-{digest}.key");
        var gen = keyKind == "rsa"
            ? await Tool.RunAsync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key])
            : await Tool.RunAsync("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key]);
        Assert.True(gen.ExitCode == 0, gen.ToString());
        var spkac = await Tool.RunAsync("openssl", ["spkac", "-key", key, "-challenge", "hello", "-digest", digest]);
        Assert.True(spkac.ExitCode == 0, spkac.ToString());
        var path = key + ".spkac";
        File.WriteAllText(path, spkac.Stdout);
        return path;
    }
}
