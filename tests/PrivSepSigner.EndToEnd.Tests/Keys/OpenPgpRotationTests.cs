using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Keys;

/// <summary>
/// Issue 18 item 2: rotating the OpenPGP CA key. Before, a second `ceremony openpgp-key` failed
/// with "secret.asc already exists"; now it keeps the old key as secret.asc.1 (0600) and puts the
/// new one in place atomically; the restarted signer serves the new key.
/// </summary>
public sealed class OpenPgpRotationTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-pgp-rotate-");

    [Fact]
    public async Task A_second_openpgp_key_ceremony_rotates_and_keeps_the_old_key()
    {
        var dir = Path.Combine(work.FullName, "ca");
        Assert.Equal(0, (await Tool.Cli("init", dir, "--link-kind", "unix")).ExitCode);
        var config = Path.Combine(dir, "config.json");
        var secret = Path.Combine(dir, "keys", "openpgp", "secret.asc");
        var first = File.ReadAllBytes(secret);
        var rotate = await Tool.Cli("ceremony", "openpgp-key", "--config", config, "--user-id", "Rotated CA <ca@example.test>");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.Contains("is kept as", rotate.Stdout);
        Assert.Equal(first, File.ReadAllBytes(secret + ".1"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret + ".1"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
        Assert.NotEqual(first, File.ReadAllBytes(secret));
        Assert.DoesNotContain("PRIVATE", rotate.Stdout + rotate.Stderr);

        var again = await Tool.Cli("ceremony", "openpgp-key", "--config", config, "--user-id", "Third CA <ca@example.test>");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(File.Exists(secret + ".2"));

        await using var after = await SignerHost.StartAsync("unix", dir);
        var served = await FingerprintAsync(after);
        // "OpenPGP CA key NEW written to FILE; the previous key OLD is kept as FILE.2; ..."
        var words = again.Stdout.Split(' ');
        Assert.Equal(words[3], served);
        Assert.NotEqual(words[Array.IndexOf(words, "previous") + 2], served);
    }

    public void Dispose() => work.Delete(recursive: true);

    private static async Task<string> FingerprintAsync(SignerHost host)
    {
        var status = await Tool.Cli("status", "--link", host.Link);
        Assert.True(status.ExitCode == 0, status.ToString());
        return status.Stdout.Split('\n').Single(l => l.StartsWith("openpgp ca key", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
    }
}
