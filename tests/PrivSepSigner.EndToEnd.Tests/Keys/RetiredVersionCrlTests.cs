using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Keys;

/// <summary>
/// After a rekey, the retired key version still signs the CRL of what it issued (a relying
/// party checks a CRL with the key that signed the certificate), before and after the signer
/// restarts; the new version's CRL does not list the old version's certificates.
/// </summary>
public sealed class RetiredVersionCrlTests : IAsyncLifetime
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-retired-");
    private SignerHost host = null!;

    public async Task InitializeAsync() => host = await SignerHost.StartAsync("unix", configure: c => c["keyReloadSeconds"] = 1);

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        work.Delete(recursive: true);
    }

    [Fact]
    public async Task A_retired_version_signs_the_crl_of_its_certificates_across_a_restart()
    {
        var oldCa = Path.Combine(host.Dir, "keys", "root-ec", "versions", "1", "cert.pem");
        var (cert, serial) = await host.IssueWithSerialAsync(work.FullName, "old");

        var rekey = await Tool.Cli("rekey", host.Dir, "--root", "root-ec");
        Assert.True(rekey.ExitCode == 0, rekey.ToString());
        await WaitForLogAsync("root-ec switched to key version 2");
        var newCa = Path.Combine(host.Dir, "keys", "root-ec", "versions", "2", "cert.pem");

        // Revocation is by root and serial, whichever version issued it.
        var revoke = await Tool.Cli("revoke", "--link", host.Link, "--root", "root-ec", "--serial", serial, "--reason", "keyCompromise");
        Assert.True(revoke.ExitCode == 0, revoke.ToString());

        var oldSha = Sha256Hex(oldCa);
        var retiredCrl = await CrlAsync("retired-1.pem", "--issue", "--issuer", oldSha);
        await AssertRevokedByAsync(oldCa, retiredCrl, cert);

        var currentCrl = await CrlAsync("current.pem");
        Assert.Contains("verify OK", (await Tool.RunAsync("openssl", ["crl", "-in", currentCrl, "-CAfile", newCa, "-noout"])).Stderr);
        Assert.DoesNotContain(serial.ToUpperInvariant(), (await Crls.TextAsync(currentCrl)).Replace(":", "", StringComparison.Ordinal).ToUpperInvariant());

        // The signer restarts (the supervisor brings it back): retired versions load again.
        Assert.Equal(0, (await Tool.RunAsync("pkill", ["-KILL", "-f", $"privsep-signerd --config {host.Dir}/config.json"])).ExitCode);
        var again = await CrlAsync("retired-2.pem", "--issuer", oldSha);
        await AssertRevokedByAsync(oldCa, again, cert);
    }

    private static string Sha256Hex(string pemFile)
    {
        using var c = X509Certificate2.CreateFromPem(File.ReadAllText(pemFile));
        return Convert.ToHexStringLower(SHA256.HashData(c.RawData));
    }

    private static async Task AssertRevokedByAsync(string ca, string crl, string cert)
    {
        Assert.Contains("verify OK", (await Tool.RunAsync("openssl", ["crl", "-in", crl, "-CAfile", ca, "-noout"])).Stderr);
        var check = await Tool.RunAsync("openssl", ["verify", "-crl_check", "-CAfile", ca, "-CRLfile", crl, cert]);
        Assert.Contains("certificate revoked", check.Stdout + check.Stderr);
    }

    private async Task WaitForLogAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!host.Log.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(text, host.Log);
    }

    /// <summary>Asks until the signer answers (it may be restarting).</summary>
    private Task<string> CrlAsync(string file, params string[] extra) =>
        host.FetchToFileAsync(Path.Combine(work.FullName, file), "root-ec", 30, ["--timeout", "20", .. extra]);
}
