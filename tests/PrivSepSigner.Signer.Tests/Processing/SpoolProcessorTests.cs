using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Handlers;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Tests.TestSupport;

namespace PrivSepSigner.Signer.Tests.Processing;

/// <summary>
/// The signer's pipeline in-process, end to end over a real spool: an entry in incoming is read
/// under the hostile-entry rules, dispatched, answered in the outbox item by item, and leaves
/// incoming; a request no handler serves is answered with an error, not dropped.
/// </summary>
public sealed class SpoolProcessorTests : IAsyncLifetime
{
    private readonly TestSpool spool = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await spool.DisposeAsync();

    [Fact]
    public async Task A_spooled_entry_is_answered_in_order_and_leaves_incoming()
    {
        spool.Start(new KeepaliveHandler(new ClockGuard(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), spool.Log.Logger)));
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var name = spool.Spool(TestSpool.Keepalive("ka-1"), TestSpool.Keepalive("ka-2"));
        var answer = await spool.AnswerAsync(name);

        Assert.Equal(name, answer.Id);
        Assert.Equal(["ka-1", "ka-2"], answer.Items.Select(i => MessageCodec.Deserialize<KeepaliveResponse>(i.Body).RequestId));
        Assert.All(answer.Items, i => Assert.Equal(MessageType.KeepaliveResponse, (MessageType)i.Type));
        Assert.All(answer.Items, i => Assert.InRange(MessageCodec.Deserialize<KeepaliveResponse>(i.Body).SignerTimeUnixMs, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await TestSpool.WaitAsync(() => !spool.InIncoming(name));
        Assert.Empty(spool.Quarantined());
    }

    [Fact]
    public async Task A_request_no_handler_serves_is_answered_with_an_error_and_the_rest_is_served()
    {
        spool.Start(new KeepaliveHandler(new ClockGuard(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), spool.Log.Logger)));

        var name = spool.Spool(TestSpool.Revoke("rv-1"), TestSpool.Keepalive("ka-1"));
        var answer = await spool.AnswerAsync(name);

        Assert.Equal([MessageType.ErrorResponse, MessageType.KeepaliveResponse], answer.Items.Select(i => (MessageType)i.Type));
        var error = MessageCodec.Deserialize<ErrorResponse>(answer.Items[0].Body);
        Assert.Equal(("rv-1", ErrorCode.UnknownMessageType), (error.RequestId, error.Code));
    }
}
