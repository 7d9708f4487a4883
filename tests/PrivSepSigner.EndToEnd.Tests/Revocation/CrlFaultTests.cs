using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Revocation;

/// <summary>
/// Faults while a large CRL is made: a kill -9 of the signer leaves no partial CRL file visible and
/// no CRL number used twice; a disk too full for the CRL (but not for certificates) gets "retry
/// later" for the CRL while the signer goes on signing, and the CRL once space returns.
/// </summary>
public sealed class CrlFaultTests
{
    private const string Root = "root-ec";

    [Fact]
    public async Task A_kill_while_a_large_crl_is_made_leaves_no_partial_file_and_no_number_used_twice()
    {
        await using var host = await SignerHost.StartAsync("unix");
        RevocationSeed.Add(host, Root, 200_000);
        var crl = Tool.Cli("crl", "--link", host.Link, "--root", Root, "--issue", "--out", Path.Combine(host.Dir, "issued.der"), "--timeout", "120");
        foreach (var ms in new[] { 300, 700, 1200 })
        {
            await Task.Delay(ms);
            await Tool.RunAsync("pkill", ["-KILL", "-f", $"privsep-signerd --config {host.Dir}/config.json"]);
        }

        var r = await crl;
        Assert.True(r.ExitCode == 0, r + host.Log);
        var published = Directory.GetFiles(Path.Combine(host.Spool, "crl"));
        Assert.All(published, f => Assert.Equal(Path.GetFileName(f), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))));
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(host.Dir, "issued.der")))), published.Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(host.Spool, "outbox.tmp")), f => File.GetLastWriteTimeUtc(f) < DateTime.UtcNow.AddSeconds(-30));

        // Every number once (the table's key says so); each published file belongs to a recorded CRL.
        using var db = new SqliteConnection($"Data Source={Path.Combine(host.Dir, "state", "issuance.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT sha256 FROM crls;";
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        using (var row = cmd.ExecuteReader())
        {
            while (row.Read())
            {
                recorded.Add(row.GetString(0));
            }
        }

        Assert.All(published.Select(Path.GetFileName).Where(n => n!.Length == 64), n => Assert.Contains(n!, recorded));
        var text = (await Tool.RunAsync("openssl", ["crl", "-inform", "DER", "-in", Path.Combine(host.Dir, "issued.der"), "-noout", "-text"])).Stdout;
        Assert.Equal(200_000, text.Split("Serial Number:").Length - 1);
    }

    [Fact]
    public async Task A_disk_too_full_for_the_crl_gets_retry_later_while_signing_goes_on()
    {
        Assert.True(Environment.UserName == "root", "mounting a tmpfs needs root (CI runs as root)");
        var mount = Directory.CreateTempSubdirectory("pss-crlfull-").FullName;
        Assert.Equal(0, (await Tool.RunAsync("mount", ["-t", "tmpfs", "-o", "size=192m", "tmpfs", mount])).ExitCode);
        try
        {
            await using var host = await SignerHost.StartAsync("unix", Path.Combine(mount, "ca"));
            RevocationSeed.Add(host, Root, 100_000); // a CRL of about 5 MB
            var filler = Path.Combine(mount, "filler");
            Assert.NotEqual(0, (await Tool.RunAsync("dd", ["if=/dev/zero", $"of={filler}", "bs=64k"])).ExitCode);
            Assert.Equal(0, (await Tool.RunAsync("truncate", ["-s", "-3M", filler])).ExitCode); // room for certificates, not for the CRL

            var tooFull = await Tool.Cli("crl", "--link", host.Link, "--root", Root, "--issue", "--timeout", "8");
            Assert.Equal(75, tooFull.ExitCode); // still "retry later" when the CLI gives up
            for (var i = 0; i < 120 && !host.Log.Contains("not made, trying again", StringComparison.Ordinal); i++)
            {
                await Task.Delay(500);
            }

            Assert.True(host.Log.Contains("not made, trying again", StringComparison.Ordinal), host.Log[^Math.Min(6000, host.Log.Length)..]);
            var csr = await OpenSslRequests.CreateAsync(host.Dir, "during", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
            var sign = await host.SignAsync(Root, "server", csr, "--timeout", "20");
            Assert.True(sign.ExitCode == 0, sign + host.Log);

            File.Delete(filler);
            var crl = await Tool.Cli("crl", "--link", host.Link, "--root", Root, "--issue", "--out", Path.Combine(host.Dir, "later.der"), "--timeout", "60");
            Assert.True(crl.ExitCode == 0, crl + host.Log);
            Assert.True(new FileInfo(Path.Combine(host.Dir, "later.der")).Length > 4_000_000);
        }
        finally
        {
            await Tool.RunAsync("umount", ["-l", mount]);
        }
    }
}
