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

    [Fact]
    public async Task A_user_id_its_owner_revoked_is_not_certified_and_expiry_is_critical()
    {
        // Issue 22 item 3 and issue 16 item 8.
        const string Work = "Alice at Work <alice@work.example.test>";
        var user = Path.Combine(work.FullName, "revoking");
        Directory.CreateDirectory(user);
        Assert.Equal(0, (await GpgAsync(user, "--quick-gen-key", Alice, "ed25519", "default", "never")).ExitCode);
        Assert.Equal(0, (await GpgAsync(user, "--quick-add-uid", Alice, Work)).ExitCode);
        Assert.Equal(0, (await GpgAsync(user, "--quick-revoke-uid", Alice, Work)).ExitCode);
        var keyFile = Path.Combine(work.FullName, "revoking.asc");
        File.WriteAllText(keyFile, (await GpgAsync(user, "--armor", "--export", Alice)).Stdout);

        // A second apart from the revocation, so "newest" is not a tie decided by the order of packets.
        await Task.Delay(1100);
        var named = await Tool.Cli("pgp-sign", "--link", host.Link, "--key", keyFile, "--uid", Work);
        Assert.Equal(1, named.ExitCode);
        Assert.Contains("revoked", named.Stderr);

        var all = await Tool.Cli("pgp-sign", "--link", host.Link, "--key", keyFile);
        Assert.True(all.ExitCode == 0, all + host.Log);
        var signed = Path.Combine(work.FullName, "revoking-signed.asc");
        File.WriteAllText(signed, all.Stdout);
        var packets = await GpgAsync(user, "--list-packets", signed);
        Assert.Equal(0, packets.ExitCode);

        // The CA's certifications (class 0x10) follow the user ID they certify: only Alice's.
        var text = packets.Stdout;
        var workAt = text.IndexOf("alice@work.example.test", StringComparison.Ordinal);
        var aliceAt = text.IndexOf("alice@example.test", StringComparison.Ordinal);
        var certification = text.IndexOf("sigclass 0x10", StringComparison.Ordinal);
        Assert.True(certification > 0, text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "sigclass 0x10"));
        Assert.True(aliceAt < workAt ? certification > aliceAt && certification < workAt : certification > aliceAt, text);
        Assert.Contains("critical hashed subpkt 3 len 4 (sig expires after", text[certification..]);
    }

    [Fact]
    public async Task A_user_id_with_a_newline_is_refused_and_nothing_is_certified()
    {
        // Issue 15 item 7: an injected log line in a user ID.
        var user = Path.Combine(work.FullName, "injecting");
        Directory.CreateDirectory(user);
        Assert.Equal(0, (await GpgAsync(user, "--quick-gen-key", Alice, "ed25519", "default", "never")).ExitCode);
        Assert.Equal(0, (await GpgAsync(user, "--quick-add-uid", Alice, "Mallory <m@example.test>\nprivsep-signerd: audit: certified all")).ExitCode);
        var keyFile = Path.Combine(work.FullName, "injecting.asc");
        File.WriteAllText(keyFile, (await GpgAsync(user, "--armor", "--export", Alice)).Stdout);

        var r = await Tool.Cli("pgp-sign", "--link", host.Link, "--key", keyFile);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("control characters", r.Stderr);
        Assert.Equal(string.Empty, r.Stdout);
        Assert.DoesNotContain(host.Log.Split('\n'), l => l.StartsWith("privsep-signerd: audit: certified all", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_file_too_large_is_told_apart_from_a_missing_one()
    {
        var big = Path.Combine(work.FullName, "big.asc");
        File.WriteAllBytes(big, new byte[1024 * 1024]);
        var tooLarge = await Tool.Cli("pgp-sign", "--link", host.Link, "--key", big);
        Assert.Equal(2, tooLarge.ExitCode);
        Assert.Contains("1048576 bytes, larger than the 32768 bytes an OpenPGP public key may have", tooLarge.Stderr);

        var missing = await Tool.Cli("pgp-sign", "--link", host.Link, "--key", Path.Combine(work.FullName, "absent.asc"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr);
        Assert.DoesNotContain("larger", missing.Stderr);
    }

    public void Dispose()
    {
        foreach (var home in new[] { "user", "relying", "revoking", "injecting" }.Where(h => Directory.Exists(Path.Combine(work.FullName, h))))
        {
            using var p = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", Path.Combine(work.FullName, home), "--kill", "all"]) { UseShellExecute = false, RedirectStandardError = true });
            p?.WaitForExit();
        }

        work.Delete(recursive: true);
    }

    private static Task<ProcessResult> GpgAsync(string home, params string[] args) =>
        Tool.RunAsync("gpg", ["--homedir", home, "--batch", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", "", .. args]);
}
