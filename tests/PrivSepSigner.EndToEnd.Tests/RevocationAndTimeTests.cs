using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// Revocation is durable and refuses what makes no sense; a request id is answered once
/// and the same way forever (also across a signer restart); the signer never signs while
/// the front end's clock is too far from its own, and says so once.
/// </summary>
public sealed class RevocationAndTimeTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-rev-");

    public RevocationAndTimeTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task Revocation_is_recorded_and_repeats_or_unknown_serials_are_refused()
    {
        var serial = (await host.IssueWithSerialAsync(work.FullName, Guid.NewGuid().ToString("N"))).Serial;
        var r = await Tool.Cli("revoke", "--link", host.Link, "--root", "root-ec", "--serial", serial, "--reason", "keyCompromise");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"revoked root-ec serial {serial}", r.Stdout);
        Assert.Equal((1, true), host.Revocation("root-ec", serial));

        // The same revocation again is done already (idempotent); a lower reason is refused.
        var same = await Tool.Cli("revoke", "--link", host.Link, "--root", "root-ec", "--serial", serial, "--reason", "keyCompromise");
        Assert.True(same.ExitCode == 0, same.ToString());
        var again = await Tool.Cli("revoke", "--link", host.Link, "--root", "root-ec", "--serial", serial);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already revoked", again.Stderr);

        var unknown = await Tool.Cli("revoke", "--link", host.Link, "--root", "root-ec", "--serial", "7fffffffffffffff1234");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("never issued", unknown.Stderr);

        var badReason = await Tool.Cli("revoke", "--link", host.Link, "--root", "root-ec", "--serial", serial, "--reason", "because");
        Assert.Equal(2, badReason.ExitCode);
    }

    [Fact]
    public async Task A_resent_revocation_gets_the_same_answer_not_an_error()
    {
        var serial = (await host.IssueWithSerialAsync(work.FullName, Guid.NewGuid().ToString("N"))).Serial;
        var id = "rev-" + Guid.NewGuid().ToString("N")[..16];
        var first = await Tool.Cli("revoke", "--link", host.Link, "--root", "root-ec", "--serial", serial, "--request-id", id);
        var second = await Tool.Cli("revoke", "--link", host.Link, "--root", "root-ec", "--serial", serial, "--request-id", id);
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first + "\n" + second);
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public async Task A_request_id_seen_before_returns_the_stored_certificate_even_after_a_signer_restart()
    {
        var id = "idem-" + Guid.NewGuid().ToString("N")[..16];
        var csr = await OpenSslRequests.CreateAsync(work.FullName, id, "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        var first = await host.SignAsync("root-ec", "server", csr, "--request-id", id);
        Assert.True(first.ExitCode == 0, first.ToString());

        var killed = await Tool.RunAsync("pkill", ["-KILL", "-f", $"privsep-signerd --config {host.Dir}/config.json"]);
        Assert.Equal(0, killed.ExitCode);
        var second = await host.SignAsync("root-ec", "server", csr, "--request-id", id, "--timeout", "60");
        Assert.True(second.ExitCode == 0, second + host.Log);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Contains("privsep-signerd exited", host.Log);

        // The same id with a different request is a front-end bug, refused.
        var other = await OpenSslRequests.CreateAsync(work.FullName, id + "b", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        var conflict = await host.SignAsync("root-ec", "server", other, "--request-id", id);
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("RequestIdConflict", conflict.Stderr);
    }

    [Fact]
    public async Task Signing_is_refused_while_the_clocks_disagree_with_one_alarm()
    {
        var csr = await OpenSslRequests.ToDerAsync(await OpenSslRequests.CreateAsync(work.FullName, "skew", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server")));
        await using var link = LinkClient.Open(host.Link);
        var skewed = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds(); // past the default refusal bound of an hour
        for (var i = 0; i < 3; i++)
        {
            var id = $"skew-{Guid.NewGuid():N}";
            var frame = await link.RequestAsync(MessageType.SignX509Request, MessageCodec.Serialize(new SignX509Request { RequestId = id, FrontEndTimeUnixMs = skewed, Root = "root-ec", Profile = "server", Csr = csr }), id, TimeSpan.FromSeconds(30));
            Assert.Equal(MessageType.ErrorResponse, frame.Type);
            Assert.Equal(ErrorCode.ClockSkew, MessageCodec.Deserialize<ErrorResponse>(frame.Body).Code);
        }

        var kid = "ka-" + Guid.NewGuid().ToString("N")[..8];
        var keepalive = await link.RequestAsync(MessageType.KeepaliveRequest, MessageCodec.Serialize(new KeepaliveRequest { RequestId = kid, FrontEndTimeUnixMs = skewed }), kid, TimeSpan.FromSeconds(30));
        var offset = MessageCodec.Deserialize<KeepaliveResponse>(keepalive.Body).ClockOffsetMs;
        Assert.InRange(offset, 7_190_000, 7_300_000);
        Assert.Equal(1, host.Log.Split('\n').Count(l => l.Contains("ALARM clock offset", StringComparison.Ordinal)));

        // Back in step: signing resumes.
        var ok = await host.SignAsync("root-ec", "server", await OpenSslRequests.CreateAsync(work.FullName, "instep", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server")));
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("signing resumes", host.Log);
    }

    public void Dispose() => work.Delete(recursive: true);
}
