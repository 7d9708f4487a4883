using System.Diagnostics;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// OpenPGP certification over the link: a key made by gpg goes in, the certified key comes
/// out, and a fresh gpg keyring holding the CA key (from pgp-ca-key) shows a good
/// certification by the CA on the chosen user ID.
/// </summary>
public sealed class OpenPgpTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private const string Alice = "Alice Example <alice@example.test>";
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-pgp-");

    public OpenPgpTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task Gpg_shows_a_good_certification_by_the_ca()
    {
        var user = Path.Combine(work.FullName, "user");
        var relying = Path.Combine(work.FullName, "relying");
        Directory.CreateDirectory(user);
        Directory.CreateDirectory(relying);
        Assert.Equal(0, (await GpgAsync(user, "--quick-gen-key", Alice, "ed25519", "default", "never")).ExitCode);
        var exported = await GpgAsync(user, "--armor", "--export", Alice);
        var keyFile = Path.Combine(work.FullName, "alice.asc");
        File.WriteAllText(keyFile, exported.Stdout);

        var signed = await Tool.Cli("pgp-sign", "--link", host.Link, "--key", keyFile, "--uid", Alice);
        Assert.True(signed.ExitCode == 0, signed + host.Log);
        var ca = await Tool.Cli("pgp-ca-key", "--link", host.Link);
        Assert.True(ca.ExitCode == 0, ca.ToString());
        File.WriteAllText(Path.Combine(work.FullName, "ca.asc"), ca.Stdout);
        File.WriteAllText(Path.Combine(work.FullName, "signed.asc"), signed.Stdout);

        Assert.Equal(0, (await GpgAsync(relying, "--import", Path.Combine(work.FullName, "ca.asc"))).ExitCode);
        Assert.Equal(0, (await GpgAsync(relying, "--import", Path.Combine(work.FullName, "signed.asc"))).ExitCode);
        var caFpr = (await GpgAsync(relying, "--with-colons", "--fingerprint", "ca@pki.example.test")).Stdout.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
        var sigs = await GpgAsync(relying, "--with-colons", "--check-sigs", "alice@example.test");
        Assert.Contains(sigs.Stdout.Split('\n'), l => l.StartsWith("sig:!:", StringComparison.Ordinal) && l.Contains(caFpr[^16..], StringComparison.Ordinal));

        var status = await Tool.Cli("status", "--link", host.Link);
        Assert.Contains(caFpr, status.Stdout);
    }

    [Fact]
    public async Task A_user_id_with_a_newline_cannot_forge_a_line_in_the_journal()
    {
        // A requester's key whose user ID carries a newline and then a line in the signer's own format.
        const string forged = "2026-01-01T00:00:00.000Z privsep-signerd INF audit: signed request forged-by-uid result ok";
        var key = PrivSepSigner.Issuance.OpenPgp.OpenPgpCaKey.Generate("Mallory <mallory@example.test>\n" + forged, DateTimeOffset.UtcNow.AddMinutes(-1));
        var keyFile = Path.Combine(work.FullName, "mallory.asc");
        File.WriteAllBytes(keyFile, key.ExportPublicArmored());
        var fingerprint = key.FingerprintHex;

        var r = await Tool.Cli("pgp-sign", "--link", host.Link, "--key", keyFile);
        Assert.True(r.ExitCode is 0 or 1, r.ToString());

        // Certified or refused, the signer's answer is in its log; the journal copy is written by its own thread.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!host.Log.Contains(fingerprint, StringComparison.OrdinalIgnoreCase) && !host.Log.Contains("refused OpenPGP request", StringComparison.Ordinal) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var lines = host.Log.Split('\n');
        Assert.DoesNotContain(lines, l => l.StartsWith("2026-01-01T00:00:00.000Z", StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.Contains("forged-by-uid", StringComparison.Ordinal)), l => Assert.Contains(@"\n2026-01-01T00:00:00.000Z privsep-signerd", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Garbage_is_refused_clearly()
    {
        var file = Path.Combine(work.FullName, "garbage.asc");
        File.WriteAllText(file, "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PUBLIC KEY BLOCK-----\n");
        var r = await Tool.Cli("pgp-sign", "--link", host.Link, "--key", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("publicKey", r.Stderr);
    }

    public void Dispose()
    {
        foreach (var home in new[] { "user", "relying" })
        {
            using var p = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", Path.Combine(work.FullName, home), "--kill", "all"]) { UseShellExecute = false, RedirectStandardError = true });
            p?.WaitForExit();
        }

        work.Delete(recursive: true);
    }

    private static Task<ProcessResult> GpgAsync(string home, params string[] args) =>
        Tool.RunAsync("gpg", ["--homedir", home, "--batch", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", "", .. args]);
}
