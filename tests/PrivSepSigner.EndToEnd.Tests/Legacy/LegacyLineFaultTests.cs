using System.Diagnostics;
using System.Text;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Legacy;

/// <summary>
/// Damage and silence on a legacy link: a bad checksum costs one resend, a cut-off frame or a
/// silent front end costs bounded time (the comm handler's waits are 5 s each, at most 3
/// resends), and the link serves the next request afterwards. Nothing hangs.
/// </summary>
[Collection(LegacyLinkCollection.Name)]
public sealed class LegacyLineFaultTests : IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-legacy-line-");

    public LegacyLineFaultTests(LegacyHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task A_corrupted_checksum_is_answered_with_resend_and_the_resent_frame_is_issued()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "grace", "P-256", "/CN=grace@example.test", "subjectAltName=email:grace@example.test");
        var body = LegacyClient.Body(
            LegacyClient.Header(action: 1, system: 1, root: LegacyHostFixture.RootEc, profile: LegacyHostFixture.ProfileClient, digest: 8, days: 365),
            Encoding.ASCII.GetBytes(File.ReadAllText(csr)), [], []);
        await using var client = await LegacyClient.OpenAsync(host.Link);

        var reply = await client.RequestAsync(body, corruptFirstChecksum: true);

        Assert.Equal(1, client.ResendsSeen);
        Assert.False(reply.IsError, reply + host.Log);
        var cert = Path.Combine(work.FullName, "grace.pem");
        File.WriteAllText(cert, reply.Text1);
        var verify = await OpenSslRequests.VerifyAsync(host.CaFile("root-ec"), cert);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task A_truncated_frame_is_answered_with_resend_then_given_up_and_the_link_recovers()
    {
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var frame = LegacyClient.Frame(LegacyClient.Body(LegacyClient.Header(action: 0), Encoding.ASCII.GetBytes(LegacyClient.Time(DateTimeOffset.UtcNow)), [], []));
        await client.HandshakeAsync();
        var clock = Stopwatch.StartNew();
        await client.WriteAsync(frame[..(frame.Length / 2)]);

        // Cut off mid-frame: after its read timeout the comm handler asks for the frame again,
        // and when nothing comes it gives up on the frame instead of waiting for ever.
        Assert.Equal(LegacyClient.Resend, await client.ReadByteAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(LegacyClient.GiveUp, await client.ReadByteAsync(TimeSpan.FromSeconds(15)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20));

        var reply = await LegacyHostFixture.KeepaliveAsync(client);
        Assert.False(reply.IsError, reply + host.Log);
    }

    [Fact]
    public async Task A_front_end_silent_after_the_handshake_is_given_up_on_in_bounded_time()
    {
        await using var client = await LegacyClient.OpenAsync(host.Link);
        await client.HandshakeAsync();
        var clock = Stopwatch.StartNew();

        Assert.Equal(LegacyClient.GiveUp, await client.ReadByteAsync(TimeSpan.FromSeconds(20)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15));

        var reply = await LegacyHostFixture.KeepaliveAsync(client);
        Assert.False(reply.IsError, reply + host.Log);
    }

    [Fact]
    public async Task A_front_end_that_never_takes_its_answer_does_not_stall_the_link()
    {
        await using var client = await LegacyClient.OpenAsync(host.Link);
        await client.SendAsync(LegacyClient.Body(LegacyClient.Header(action: 0), Encoding.ASCII.GetBytes(LegacyClient.Time(DateTimeOffset.UtcNow)), [], []));

        // The comm handler offers its answer (0x02) and nobody acknowledges it.
        // It gives up after its 5 s read timeout; wait well past that, so that even on a loaded
        // machine the keepalive's 0x02 is not taken for a late reply to the offer.
        Assert.Equal(LegacyClient.Start, await client.ReadByteAsync(TimeSpan.FromSeconds(30)));
        await Task.Delay(TimeSpan.FromSeconds(10));
        await client.DiscardInputAsync(TimeSpan.FromMilliseconds(300));

        var reply = await LegacyHostFixture.KeepaliveAsync(client);
        Assert.False(reply.IsError, reply + host.Log);
        Assert.Contains("was not taken by the front end", host.Log);
    }

    [Fact]
    public async Task A_declared_length_beyond_the_limit_is_refused_before_any_body_is_read()
    {
        await using var client = await LegacyClient.OpenAsync(host.Link);
        await client.HandshakeAsync();

        // 16 MiB - 1 announced; the comm handler must not wait for (or allocate) that much.
        await client.WriteAsync([0xFF, 0xFF, 0xFF]);
        Assert.Equal(LegacyClient.Resend, await client.ReadByteAsync(TimeSpan.FromSeconds(10)));

        var reply = await LegacyHostFixture.KeepaliveAsync(client);
        Assert.False(reply.IsError, reply + host.Log);
    }

    public void Dispose() => work.Delete(recursive: true);
}
