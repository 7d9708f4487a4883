using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Tests.TestSupport;

namespace PrivSepSigner.Signer.Tests.Processing;

/// <summary>
/// No single request or entry can stop the signer (Postfix's poison-message rule): what cannot
/// be processed is answered with an error and set aside, and everything else is served.
/// </summary>
public sealed class SpoolProcessorPoisonTests : IAsyncLifetime
{
    private readonly TestSpool spool = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await spool.DisposeAsync();

    [Fact]
    public async Task A_request_whose_handler_throws_is_answered_with_an_error_and_its_entry_set_aside()
    {
        spool.Start(new FaultyKeepaliveHandler());
        var name = spool.Spool(TestSpool.Keepalive("ok-1"), TestSpool.Keepalive("throw-1"), TestSpool.Keepalive("ok-2"));

        var answer = await spool.AnswerAsync(name);

        Assert.Equal([MessageType.KeepaliveResponse, MessageType.ErrorResponse, MessageType.KeepaliveResponse], answer.Items.Select(i => (MessageType)i.Type));
        var error = MessageCodec.Deserialize<ErrorResponse>(answer.Items[1].Body);
        Assert.Equal(ErrorCode.Internal, error.Code);
        Assert.Equal("throw-1", error.RequestId);
        await TestSpool.WaitAsync(() => !spool.InIncoming(name));
        Assert.Contains(spool.Quarantined(), q => q.StartsWith(name + ".", StringComparison.Ordinal));
        Assert.Contains(spool.Log.All, l => l.Contains("throw-1", StringComparison.Ordinal) && l.Contains("set aside", StringComparison.Ordinal) && l.Contains("a handler bug", StringComparison.Ordinal));

        // And the signer goes on.
        var next = spool.Spool(TestSpool.Keepalive("ok-3"));
        Assert.Equal(MessageType.KeepaliveResponse, (MessageType)(await spool.AnswerAsync(next)).Items.Single().Type);
    }

    [Fact]
    public async Task An_answer_too_large_for_the_outbox_is_replaced_by_an_error()
    {
        spool.Start(new FaultyKeepaliveHandler());
        var name = spool.Spool(TestSpool.Keepalive("huge-1"), TestSpool.Keepalive("ok-1"));

        var answer = await spool.AnswerAsync(name);

        var error = MessageCodec.Deserialize<ErrorResponse>(answer.Items[0].Body);
        Assert.Equal(ErrorCode.Internal, error.Code);
        Assert.Contains("more than the", error.Message, StringComparison.Ordinal);
        Assert.Equal(MessageType.KeepaliveResponse, (MessageType)answer.Items[1].Type);
    }

    [Fact]
    public async Task An_entry_whose_batch_can_never_commit_is_retried_alone_then_set_aside_and_the_rest_is_served()
    {
        spool.Start(new FaultyKeepaliveHandler(), new PoisonRevokeHandler());
        var poison = spool.Spool(TestSpool.Revoke("poison-1"));
        var neighbour = spool.Spool(TestSpool.Keepalive("ok-1"));

        // The neighbour may have shared the poison's first batch; it is answered once retried alone.
        Assert.Equal(MessageType.KeepaliveResponse, (MessageType)(await spool.AnswerAsync(neighbour)).Items.Single().Type);
        var setAside = await spool.AnswerAsync(poison);

        Assert.Empty(setAside.Items); // the comm handler answers each of its requests with an error
        Assert.False(spool.InIncoming(poison));
        Assert.Contains(spool.Quarantined(), q => q.StartsWith(poison + ".", StringComparison.Ordinal));
        Assert.Equal(AttemptJournal.MaxAttempts, spool.Log.All.Count(l => l.Contains($"processing spool entry {poison} failed", StringComparison.Ordinal)));
        var later = spool.Spool(TestSpool.Keepalive("ok-2"));
        Assert.Equal(MessageType.KeepaliveResponse, (MessageType)(await spool.AnswerAsync(later)).Items.Single().Type);
    }

    [Fact]
    public async Task An_entry_the_signer_died_with_three_times_is_set_aside_unread_at_the_next_start()
    {
        var name = spool.Spool(TestSpool.Keepalive("ok-1"));

        // What three deaths in a row while processing the entry leave in the journal.
        File.WriteAllText(spool.JournalPath, $"{name} {AttemptJournal.MaxAttempts - 1} *\n");
        spool.Start(new FaultyKeepaliveHandler());

        Assert.Empty((await spool.AnswerAsync(name)).Items);
        Assert.False(spool.InIncoming(name));
        Assert.Contains(spool.Log.All, l => l.Contains(name, StringComparison.Ordinal) && l.Contains("stopped unexpectedly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_entry_the_signer_died_with_once_is_retried_and_answered()
    {
        var name = spool.Spool(TestSpool.Keepalive("ok-1"));
        File.WriteAllText(spool.JournalPath, $"{name} 0 *\n");
        spool.Start(new FaultyKeepaliveHandler());

        Assert.Equal(MessageType.KeepaliveResponse, (MessageType)(await spool.AnswerAsync(name)).Items.Single().Type);
        await spool.StopAsync();
        Assert.DoesNotContain(name, File.ReadAllText(spool.JournalPath), StringComparison.Ordinal); // answered: forgotten
    }

    /// <summary>
    /// Issue 15 item 12: a certificate logged "signed" whose batch never reached the database was
    /// indistinguishable in the audit log from one that was issued (82 such serials after kill -9
    /// rounds). A committed batch is logged "recorded" with its serials, a failed one "void".
    /// Before, neither line existed (the test failed on the first Assert.Contains).
    /// </summary>
    [Fact]
    public async Task The_audit_log_says_which_signed_certificates_were_recorded_and_which_are_void()
    {
        spool.Start(new RecordingIssueHandler());
        await spool.AnswerAsync(spool.Spool(TestSpool.Revoke("issue-1")));
        Assert.Contains(spool.Log.All, l => l.Contains($"audit: recorded 1 certificates in the issuance database: serials {RecordingIssueHandler.Serial}", StringComparison.Ordinal));

        var twice = spool.Spool(TestSpool.Revoke("void-1"));
        await spool.AnswerAsync(twice);
        Assert.Contains(spool.Log.All, l => l.Contains("audit: batch not recorded", StringComparison.Ordinal) && l.Contains($"are void, never delivered, and their requests are processed again: serials {RecordingIssueHandler.Serial}", StringComparison.Ordinal));
        Assert.Single(spool.Log.All, l => l.Contains("audit: recorded", StringComparison.Ordinal));
    }
}
