using Microsoft.Data.Sqlite;
using PrivSepSigner.Deployment.Tests.Infrastructure;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Format;

namespace PrivSepSigner.Deployment.Tests;

/// <summary>
/// The privilege split on a real system: installed by the install script, two real users,
/// real file permissions. Shows that signing works across the users and that the comm
/// user — standing in for a compromised comm handler — cannot reach a key, the signer's
/// state or the outbox, and cannot get a policy-breaking request signed through the spool.
/// </summary>
public sealed class TwoUserDeploymentTests : IClassFixture<InstalledSystem>, IDisposable
{
    private readonly InstalledSystem system;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-dep-");

    public TwoUserDeploymentTests(InstalledSystem system)
    {
        this.system = system;
        File.SetUnixFileMode(work.FullName, (UnixFileMode)0b111_101_101);
    }

    [Fact]
    public async Task Each_daemon_dropped_to_its_own_user_and_the_shared_group()
    {
        var comm = await InstalledSystem.UidAsync(InstalledSystem.CommUser);
        var signer = await InstalledSystem.UidAsync(InstalledSystem.SignerUser);
        var group = await InstalledSystem.GidAsync(InstalledSystem.SharedGroup);
        Assert.NotEqual(comm, signer);
        AssertIdentity(system.Comm.Id, comm, group);
        AssertIdentity(system.Signer.Id, signer, group);
    }

    [Fact]
    public async Task Signing_works_across_the_two_users()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "srv", "P-256", "/CN=host.example.test", "subjectAltName=DNS:host.example.test");
        var r = await Tool.RunAsync(Path.Combine(system.Lib, "privsep-signer"), ["sign", "--link", system.Link, "--root", "root-ec", "--profile", "server", "--csr", csr]);
        Assert.True(r.ExitCode == 0, r + system.Log);
        var cert = Path.Combine(work.FullName, "srv.pem");
        File.WriteAllText(cert, r.Stdout);
        var verify = await OpenSslRequests.VerifyAsync(system.CertFile("root-ec"), cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Comm_user_cannot_read_keys_or_signer_state()
    {
        foreach (var secret in new[] { system.KeyFile("root-rsa"), system.KeyFile("root-ec"), Path.Combine(system.State, "issuance.db") })
        {
            var r = await system.AsCommUserAsync("cat", secret);
            Assert.NotEqual(0, r.ExitCode);
            Assert.Contains("Permission denied", r.Stderr);
        }

        var list = await system.AsCommUserAsync("ls", Path.GetDirectoryName(system.KeyFile("root-ec"))!);
        Assert.NotEqual(0, list.ExitCode);
    }

    [Fact]
    public async Task Comm_user_cannot_write_the_outbox_or_the_signer_state()
    {
        foreach (var target in new[]
        {
            Path.Combine(system.Spool, "outbox", "0000000000000-forgedanswer0001"),
            Path.Combine(system.Spool, "outbox.tmp", "forged"),
            Path.Combine(system.Spool, "quarantine", "forged"),
            Path.Combine(system.State, "forged"),
        })
        {
            var r = await system.AsCommUserAsync("touch", target);
            Assert.NotEqual(0, r.ExitCode);
            Assert.Contains("Permission denied", r.Stderr);
            Assert.False(File.Exists(target));
        }
    }

    [Fact]
    public async Task Policy_breaking_request_spooled_directly_by_the_comm_user_is_refused_by_the_signer()
    {
        // A compromised comm handler skips its own screening and spools a client request
        // asking for CA:TRUE. The signer must re-validate and refuse it.
        var csrPem = await OpenSslRequests.CreateAsync(work.FullName, "ca", "P-256", "/CN=evil.example.test", "basicConstraints=critical,CA:TRUE", "subjectAltName=email:evil@example.test");
        var der = Convert.FromBase64String(string.Concat(File.ReadAllLines(csrPem).Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        var requestId = "inject-" + Guid.NewGuid().ToString("N")[..12];
        var body = MessageCodec.Serialize(new SignX509Request { RequestId = requestId, FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Root = "root-ec", Profile = "client", Csr = der });
        var id = SpoolNames.NewId();
        var staged = Path.Combine(work.FullName, id);
        File.WriteAllBytes(staged, SpoolEntryCodec.Encode(new SpoolEntry(id, DateTimeOffset.UtcNow, [new SpoolItem((byte)MessageType.SignX509Request, body)])));
        File.SetUnixFileMode(staged, (UnixFileMode)0b110_100_100);

        var tmp = Path.Combine(system.Spool, "incoming.tmp", id);
        var r = await system.AsCommUserAsync("sh", "-c", $"cp '{staged}' '{tmp}' && chmod 0640 '{tmp}' && mv '{tmp}' '{Path.Combine(system.Spool, "incoming", id)}'");
        Assert.True(r.ExitCode == 0, r.ToString());

        await WaitUntilAsync(() => system.Log.Contains($"refused request {requestId}", StringComparison.Ordinal), "the signer's refusal");
        Assert.Contains("CaNotAllowed", system.Log.Split('\n').First(l => l.Contains($"refused request {requestId}", StringComparison.Ordinal)));
        Assert.Equal(0, CountIssued(requestId));
        await WaitUntilAsync(() => !File.Exists(Path.Combine(system.Spool, "incoming", id)), "the entry to leave incoming");
    }

    [Fact]
    public async Task Symlink_to_a_key_planted_by_the_comm_user_is_quarantined_not_followed()
    {
        var name = SpoolNames.NewId();
        var r = await system.AsCommUserAsync("ln", "-s", system.KeyFile("root-ec"), Path.Combine(system.Spool, "incoming", name));
        Assert.True(r.ExitCode == 0, r.ToString());
        await WaitUntilAsync(() => system.Log.Contains($"spool entry {name} quarantined", StringComparison.Ordinal), "quarantine of the symlink");
        Assert.False(File.Exists(Path.Combine(system.Spool, "incoming", name)));
        Assert.DoesNotContain("PRIVATE KEY", system.Log);
    }

    [Fact]
    public async Task A_flood_of_directories_the_signer_cannot_move_never_keeps_a_valid_request_waiting()
    {
        // The security review's flood: 10,200 directories made by the comm user, named to sort
        // before every real entry, each holding a file, so the signer can neither move (it may not
        // write into them) nor remove them. Before the fix the signer retried the first names for
        // ever and a valid request waited for ever, also after a restart.
        var incoming = Path.Combine(system.Spool, "incoming");
        var flood = await system.AsCommUserAsync("bash", "-c", $"cd '{incoming}' && mkdir 0000000000000-{{0000000000000001..0000000000010200}} && for d in 0000000000000-*; do : > \"$d/f\"; done");
        Assert.True(flood.ExitCode == 0, flood.ToString());
        try
        {
            var csr = await OpenSslRequests.CreateAsync(work.FullName, "flood", "P-256", "/CN=flood.example.test", "subjectAltName=DNS:flood.example.test");
            var r = await Tool.RunAsync(Path.Combine(system.Lib, "privsep-signer"), ["sign", "--link", system.Link, "--root", "root-ec", "--profile", "server", "--csr", csr, "--timeout", "60"]);
            Assert.True(r.ExitCode == 0, r + system.Log);

            // Reported in aggregate, not one line per directory.
            Assert.InRange(system.Log.Split('\n').Count(l => l.Contains("could not be quarantined", StringComparison.Ordinal)), 1, 5);
        }
        finally
        {
            var clean = await system.AsCommUserAsync("bash", "-c", $"rm -rf '{incoming}'/0000000000000-*");
            Assert.True(clean.ExitCode == 0, clean.ToString());
        }
    }

    [Fact]
    public async Task A_daemon_refuses_to_start_when_a_directory_has_the_wrong_mode_and_names_it()
    {
        var outbox = Path.Combine(system.Spool, "outbox");
        var before = File.GetUnixFileMode(outbox);
        try
        {
            File.SetUnixFileMode(outbox, (UnixFileMode)0b111_111_111);
            using var second = system.StartDaemon("privsep-signerd", track: false);
            Assert.True(second.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.NotEqual(0, second.ExitCode);
        }
        finally
        {
            File.SetUnixFileMode(outbox, before);
        }

        await WaitUntilAsync(() => system.Log.Contains($"{outbox}: mode is 777, expected 750", StringComparison.Ordinal), "the refusal naming the path");
    }

    [Fact]
    public async Task A_doorbell_the_comm_user_broke_does_not_stop_the_signer_from_starting()
    {
        // outbox.fifo is the comm user's (the signer only rings it): one chmod used to make
        // every later signer start fail with exit 71.
        var fifo = Path.Combine(system.Spool, "outbox.fifo");
        var broken = await system.AsCommUserAsync("chmod", "0660", fifo);
        Assert.True(broken.ExitCode == 0, broken.ToString());
        try
        {
            await system.RestartSignerAsync();
            await WaitUntilAsync(() => system.Log.Contains($"{fifo}: mode is 660, expected 620", StringComparison.Ordinal), "the warning naming the doorbell");
            Assert.False(system.Signer.HasExited);

            var csr = await OpenSslRequests.CreateAsync(work.FullName, "bell", "P-256", "/CN=bell.example.test", "subjectAltName=DNS:bell.example.test");
            var r = await Tool.RunAsync(Path.Combine(system.Lib, "privsep-signer"), ["sign", "--link", system.Link, "--root", "root-ec", "--profile", "server", "--csr", csr]);
            Assert.True(r.ExitCode == 0, r + system.Log);
        }
        finally
        {
            await system.AsCommUserAsync("chmod", "0620", fifo);
        }
    }

    [Fact]
    public async Task A_daemon_started_as_the_wrong_user_refuses_to_run()
    {
        var r = await Tool.RunAsync("runuser", ["-u", InstalledSystem.SignerUser, "-g", InstalledSystem.SharedGroup, "--", Path.Combine(system.Lib, "privsep-comm"), "--config", system.ConfigPath]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("must run as uid", r.Stderr + r.Stdout);
    }

    public void Dispose() => work.Delete(recursive: true);

    private int CountIssued(string requestId)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(system.State, "issuance.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM certificates WHERE request_id = $r;";
        cmd.Parameters.AddWithValue("$r", requestId);
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AssertIdentity(int pid, uint uid, uint gid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        string Field(string name) => status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
        Assert.All(Field("Uid").Split('\t', StringSplitOptions.RemoveEmptyEntries), u => Assert.Equal(uid.ToString(System.Globalization.CultureInfo.InvariantCulture), u));
        Assert.All(Field("Gid").Split('\t', StringSplitOptions.RemoveEmptyEntries), g => Assert.Equal(gid.ToString(System.Globalization.CultureInfo.InvariantCulture), g));
        Assert.Equal(gid.ToString(System.Globalization.CultureInfo.InvariantCulture), Field("Groups"));
    }

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"timed out waiting for {what}\n{system.Log}");
            await Task.Delay(100);
        }
    }
}
