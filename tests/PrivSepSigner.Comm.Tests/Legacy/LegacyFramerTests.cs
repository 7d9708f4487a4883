using PrivSepSigner.Comm.Legacy;
using PrivSepSigner.EndToEnd.Tests.Legacy;
using PrivSepSigner.Comm.Tests.Support;

namespace PrivSepSigner.Comm.Tests.Legacy;

/// <summary>
/// The legacy framing against a front end on a real socket pair: checksum and trailer are
/// verified, a length beyond the limit is refused before any body is read, resends are
/// bounded, and every wait ends.
/// </summary>
public sealed class LegacyFramerTests
{
    private static readonly byte[] Body = LegacyClient.Body(LegacyClient.Header(action: 0), "112923532026.00"u8.ToArray(), [], []);

    // For tests that are not about silence: a test thread stalled for seconds on a loaded CI
    // machine must not read as a silent front end (it did once: 0x18 where 0x11 was due).
    private static readonly LegacyTimeouts Patient = LegacyTimeouts.Wire with { Read = TimeSpan.FromMinutes(2), Frame = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task A_good_frame_is_acknowledged_and_its_body_returned()
    {
        using var pair = await SocketPair.OpenAsync();
        var receive = new LegacyFramer(pair.Server, Patient).ReceiveAsync(CancellationToken.None);
        var client = new LegacyClient(pair.Client);
        await client.SendAsync(Body);
        var received = await receive;
        Assert.Equal(Body, received.Body);
        Assert.Equal(0, client.ResendsSeen);
    }

    [Fact]
    public async Task A_bad_checksum_costs_one_resend_and_the_resent_frame_is_returned()
    {
        using var pair = await SocketPair.OpenAsync();
        var receive = new LegacyFramer(pair.Server, Patient).ReceiveAsync(CancellationToken.None);
        var client = new LegacyClient(pair.Client);
        await client.SendAsync(Body, corruptFirstChecksum: true);
        Assert.Equal(Body, (await receive).Body);
        Assert.Equal(1, client.ResendsSeen);
    }

    public static TheoryData<string> Damages => ["checksum", "trailer", "body bit", "oversize length"];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_frame_is_answered_with_resend_never_returned(string damage)
    {
        using var pair = await SocketPair.OpenAsync();
        var receive = new LegacyFramer(pair.Server, Patient).ReceiveAsync(CancellationToken.None);
        var client = await HandshakeAsync(pair);
        var bad = LegacyClient.Frame(Body);
        switch (damage)
        {
            case "checksum": bad[^9] ^= 0x01; break;
            case "trailer": bad[^1] ^= 0x20; break;
            case "body bit": bad[10] ^= 0x04; break;
            default: bad = [0x01, 0x00, 0x01]; break; // 65537: one past the limit, and no body follows
        }

        await client.WriteAsync(bad);
        Assert.Equal(LegacyClient.Resend, await client.ReadByteAsync(TimeSpan.FromSeconds(10)));
        await client.WriteAsync(LegacyClient.Frame(Body));
        Assert.Equal(LegacyClient.Ack, await client.ReadByteAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Body, (await receive).Body);
    }

    [Fact]
    public async Task Resends_are_bounded_then_the_frame_is_given_up()
    {
        using var pair = await SocketPair.OpenAsync();
        var receive = new LegacyFramer(pair.Server, Patient).ReceiveAsync(CancellationToken.None);
        var client = await HandshakeAsync(pair);
        var bad = LegacyClient.Frame(Body);
        bad[^9] ^= 0x01;
        for (var i = 0; i < LegacyWire.MaxResends; i++)
        {
            await client.WriteAsync(bad);
            Assert.Equal(LegacyClient.Resend, await client.ReadByteAsync(TimeSpan.FromSeconds(10)));
        }

        await client.WriteAsync(bad);
        Assert.Equal(LegacyClient.GiveUp, await client.ReadByteAsync(TimeSpan.FromSeconds(10)));
        var received = await receive;
        Assert.Null(received.Body);
        Assert.Contains("gave up after 3 resends", received.Failure);
    }

    [Fact]
    public async Task A_frame_cut_off_mid_way_is_asked_for_again_and_then_given_up()
    {
        using var pair = await SocketPair.OpenAsync();
        var receive = new LegacyFramer(pair.Server).ReceiveAsync(CancellationToken.None);
        var client = await HandshakeAsync(pair);
        await client.WriteAsync(LegacyClient.Frame(Body)[..12]);
        Assert.Equal(LegacyClient.Resend, await client.ReadByteAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(LegacyClient.GiveUp, await client.ReadByteAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("silent", (await receive).Failure);
    }

    [Fact]
    public async Task Bytes_other_than_the_start_byte_are_ignored_while_idle()
    {
        using var pair = await SocketPair.OpenAsync();
        var receive = new LegacyFramer(pair.Server, Patient).ReceiveAsync(CancellationToken.None);
        var client = new LegacyClient(pair.Client);
        await client.WriteAsync([0x00, 0x10, 0x11, 0xFF, 0x41]);
        await client.SendAsync(Body);
        Assert.Equal(Body, (await receive).Body);
    }

    [Fact]
    public async Task The_end_of_the_stream_ends_a_receive()
    {
        using var pair = await SocketPair.OpenAsync();
        var receive = new LegacyFramer(pair.Server, Patient).ReceiveAsync(CancellationToken.None);
        var client = await HandshakeAsync(pair);
        await client.WriteAsync(LegacyClient.Frame(Body)[..5]);
        pair.Client.Dispose();
        Assert.True((await receive.WaitAsync(TimeSpan.FromSeconds(10))).EndOfStream);
    }

    [Fact]
    public async Task An_answer_is_resent_when_asked_and_taken_on_ack()
    {
        using var pair = await SocketPair.OpenAsync();
        var send = new LegacyFramer(pair.Server, Patient).SendAsync(Body, CancellationToken.None);
        var client = new LegacyClient(pair.Client);
        Assert.Equal(LegacyClient.Start, await client.ReadByteAsync(TimeSpan.FromSeconds(5)));
        await client.WriteAsync([LegacyClient.Ack]);
        var frame = LegacyClient.Frame(Body);
        var first = new byte[frame.Length];
        await pair.Client.ReadExactlyAsync(first);
        Assert.Equal(frame, first);
        await client.WriteAsync([LegacyClient.Resend]);
        await pair.Client.ReadExactlyAsync(first);
        Assert.Equal(frame, first);
        await client.WriteAsync([LegacyClient.Ack]);
        Assert.True(await send);
    }

    [Fact]
    public async Task An_answer_nobody_acknowledges_is_abandoned_in_bounded_time()
    {
        using var pair = await SocketPair.OpenAsync();
        var send = new LegacyFramer(pair.Server).SendAsync(Body, CancellationToken.None);
        Assert.False(await send.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task The_client_reads_an_answer_the_framer_sends()
    {
        using var pair = await SocketPair.OpenAsync();
        var answer = new LegacyAnswer(1, false, "PEM"u8.ToArray(), [], []).Encode();
        var send = new LegacyFramer(pair.Server, Patient).SendAsync(answer, CancellationToken.None);
        var reply = await new LegacyClient(pair.Client).ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.True(await send);
        Assert.Equal("PEM", reply.Text1);
        Assert.False(reply.IsError);
    }

    private static async Task<LegacyClient> HandshakeAsync(SocketPair pair)
    {
        var client = new LegacyClient(pair.Client);
        await client.HandshakeAsync();
        return client;
    }
}
