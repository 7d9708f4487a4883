using System.Text.Json;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Operator;

/// <summary>
/// `backup DIR DEST` of a running installation and `restore DEST NEWDIR`, after which `up NEWDIR`
/// serves the restored CA: it issues the next certificate with a fresh serial, and what the
/// original issued still verifies with openssl against the restored CA certificate. A restore
/// that would go back in time, a damaged backup and a wrong passphrase are refused. No backup
/// command existed before (issue 18 item 2).
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-backup-");

    [Fact]
    public async Task A_backup_of_a_running_installation_restores_to_a_ca_that_issues_fresh_serials()
    {
        var backup = Path.Combine(work.FullName, "backup");
        var restored = Path.Combine(work.FullName, "restored");
        List<string> oldCerts;
        List<string> oldSerials;
        await using (var source = await SignerHost.StartAsync("unix"))
        {
            oldCerts = [await IssueAsync(source, "a"), await IssueAsync(source, "b")];
            var made = await Tool.Cli("backup", source.Dir, backup);
            Assert.True(made.ExitCode == 0, made + source.Log);
            Assert.Contains("2 certificates", made.Stdout);
            using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(backup, "manifest.json"))))
            {
                var files = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
                Assert.Contains(files, f => f.GetProperty("kind").GetString() == "database" && f.GetProperty("sha256").GetString()!.Length == 64);
                Assert.Contains(files, f => f.GetProperty("kind").GetString() == "external" && f.GetProperty("path").GetString()!.EndsWith("key.pem", StringComparison.Ordinal));
                Assert.Equal(2, manifest.RootElement.GetProperty("database").GetProperty("certificates").GetInt64());
            }

            AssertNoPrivateKeyIn(backup);
            oldSerials = [.. source.IssuedSerials()];
            var restore = await Tool.Cli("restore", backup, restored);
            Assert.True(restore.ExitCode == 0, restore.ToString());

            // The source goes on issuing: the same backup may no longer be restored elsewhere.
            _ = await IssueAsync(source, "c");
            var stale = await Tool.Cli("restore", backup, Path.Combine(work.FullName, "second"));
            Assert.Equal(1, stale.ExitCode);
            Assert.Contains("has issued since this backup", stale.Stderr);
        }

        await using var host = await SignerHost.StartAsync("unix", restored);
        var next = await IssueAsync(host, "d");
        var serials = host.IssuedSerials();
        Assert.Equal(3, serials.Count);
        Assert.Subset(serials.ToHashSet(), oldSerials.ToHashSet());
        Assert.DoesNotContain(IssuedCertificates.SerialOf(next), oldSerials);

        foreach (var root in new[] { "root-ec" })
        {
            var verify = await OpenSslRequests.VerifyAsync(host.CaFile(root), [.. oldCerts, next]);
            Assert.True(verify.ExitCode == 0, verify.ToString());
        }

        var listed = await Tool.Cli("list", "--link", host.Link, "--root", "root-ec");
        Assert.Contains("3 certificates", listed.Stdout);

        // Restoring the older backup over the installation that has issued since: refused, then forced.
        var over = await Tool.Cli("restore", backup, restored);
        Assert.Equal(1, over.ExitCode);
        Assert.Contains("--force", over.Stderr);
    }

    [Fact]
    public async Task Keys_are_stored_only_when_asked_and_then_encrypted()
    {
        var backup = Path.Combine(work.FullName, "with-keys");
        var passphrase = Path.Combine(work.FullName, "passphrase");
        File.WriteAllText(passphrase, "correct horse battery staple\n");
        await using var source = await SignerHost.StartAsync("unix");
        _ = await IssueAsync(source, "k");
        var lonely = await Tool.Cli("backup", source.Dir, backup, "--with-keys");
        Assert.Equal(2, lonely.ExitCode);
        var made = await Tool.Cli("backup", source.Dir, backup, "--with-keys", "--passphrase-file", passphrase);
        Assert.True(made.ExitCode == 0, made.ToString());
        AssertNoPrivateKeyIn(backup);
        Assert.True(File.Exists(Path.Combine(backup, "keys", "root-ec", "versions", "1", "key.pem.enc")));

        var wrong = Path.Combine(work.FullName, "wrong");
        File.WriteAllText(wrong, "not the passphrase at all\n");
        var refused = await Tool.Cli("restore", backup, Path.Combine(work.FullName, "r1"), "--passphrase-file", wrong);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("wrong passphrase", refused.Stderr);

        var target = Path.Combine(work.FullName, "r2");
        var restore = await Tool.Cli("restore", backup, target, "--passphrase-file", passphrase);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var original = Path.Combine(source.Dir, "keys", "root-ec", "versions", "1", "key.pem");
        var copy = Path.Combine(target, "keys", "root-ec", "versions", "1", "key.pem");
        Assert.Equal(File.ReadAllBytes(original), File.ReadAllBytes(copy));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copy));
    }

    [Fact]
    public async Task A_damaged_backup_is_refused_before_anything_is_written()
    {
        var backup = Path.Combine(work.FullName, "damaged");
        await using var source = await SignerHost.StartAsync("unix");
        Assert.Equal(0, (await Tool.Cli("backup", source.Dir, backup)).ExitCode);
        var config = Path.Combine(backup, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("root-ec", "root-xx", StringComparison.Ordinal));
        var target = Path.Combine(work.FullName, "never");
        var r = await Tool.Cli("restore", backup, target);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("does not match the manifest", r.Stderr);
        Assert.False(Directory.Exists(target));
    }

    public void Dispose() => work.Delete(recursive: true);

    private static void AssertNoPrivateKeyIn(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(file));
        }
    }

    private Task<string> IssueAsync(SignerHost host, string name) => host.IssueToFileAsync(work.FullName, name);
}
