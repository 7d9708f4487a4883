using System.Diagnostics;
using System.Text.RegularExpressions;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Legacy;

/// <summary>
/// OpenPGP signing over the legacy link: a binary key from gpg goes in as client.pl sends it
/// (system 2, digest 2 and 366 days ignored as the legacy signer did), the armored key comes
/// back carrying a certification by the CA's key.
/// </summary>
[Collection(LegacyLinkCollection.Name)]
public sealed partial class LegacyOpenPgpTests : IDisposable
{
    private const string Alice = "Alice Legacy <alice.legacy@example.test>";
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-legacy-pgp-");

    public LegacyOpenPgpTests(LegacyHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task A_binary_key_comes_back_certified_by_the_ca_key()
    {
        var home = Path.Combine(work.FullName, "user");
        Directory.CreateDirectory(home);
        Assert.Equal(0, (await GpgAsync(home, "--quick-gen-key", Alice, "ed25519", "default", "never")).ExitCode);
        var binary = Path.Combine(work.FullName, "alice.gpg");
        Assert.Equal(0, (await GpgAsync(home, "--output", binary, "--export", Alice)).ExitCode);

        await using var client = await LegacyClient.OpenAsync(host.Link);
        var header = LegacyClient.Header(action: 1, system: 2, digest: 2, days: 366);
        var reply = await client.RequestAsync(LegacyClient.Body(header, File.ReadAllBytes(binary), [], []));
        Assert.False(reply.IsError, reply + host.Log);
        Assert.StartsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----", reply.Text1);

        var signed = Path.Combine(work.FullName, "signed.asc");
        File.WriteAllText(signed, reply.Text1);
        Assert.Equal(0, (await GpgAsync(home, "--import", signed)).ExitCode);
        var caFingerprint = CaKeyLine().Match(host.Log).Groups[1].Value;
        Assert.Equal(40, caFingerprint.Length);
        var sigs = await GpgAsync(home, "--with-colons", "--list-sigs", "alice.legacy@example.test");
        Assert.Contains(sigs.Stdout.Split('\n'), l => l.StartsWith("sig:", StringComparison.Ordinal) && l.Contains(caFingerprint[^16..], StringComparison.Ordinal));
    }

    public void Dispose()
    {
        using var p = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", Path.Combine(work.FullName, "user"), "--kill", "all"]) { UseShellExecute = false, RedirectStandardError = true });
        p?.WaitForExit();
        work.Delete(recursive: true);
    }

    private static Task<ProcessResult> GpgAsync(string home, params string[] args) =>
        Tool.RunAsync("gpg", ["--homedir", home, "--batch", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", "", .. args]);

    [GeneratedRegex("loaded OpenPGP CA key ([0-9A-F]{40})")]
    private static partial Regex CaKeyLine();
}
