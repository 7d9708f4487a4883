using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.State;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Doorbells;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Reading;
using PrivSepSigner.Spool.Writing;

namespace PrivSepSigner.Signer.Tests.TestSupport;

/// <summary>
/// A real spool (development layout) and issuance database in a temporary directory, served by a
/// real <see cref="SpoolProcessor"/> with the given handlers; the test plays the comm handler.
/// </summary>
internal sealed class TestSpool : IAsyncDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("pss-signer-");
    private readonly SpoolWriter requests;
    private CancellationTokenSource? stop;
    private Task? running;
    private SpoolProcessor? processor;
    private IssuanceDatabase? database;
    private AttemptJournal? journal;

    public TestSpool()
    {
        Layout = new SpoolLayout(Path.Combine(root.FullName, "spool"));
        Layout.CreateForDevelopment();
        Directory.CreateDirectory(StateDir);
        requests = new SpoolWriter(Layout.IncomingTmp, Layout.Incoming);
    }

    public SpoolLayout Layout { get; }

    public string StateDir => Path.Combine(root.FullName, "state");

    public string JournalPath => Path.Combine(StateDir, "attempts");

    public LogLines Log { get; } = new();

    public void Start(params IRequestHandler[] handlers)
    {
        database = new IssuanceDatabase(Path.Combine(StateDir, "issuance.db"));
        journal = AttemptJournal.Open(JournalPath);
        processor = new SpoolProcessor(Layout, PrivSepSigner.Posix.Accounts.UnixAccount.EffectiveUid, new DispatchTable(handlers, Log.Logger), database, new SignerStatus(), journal, Log.Logger, _ => { });
        stop = new CancellationTokenSource();
        running = processor.RunAsync(stop.Token);
    }

    public async Task StopAsync()
    {
        if (stop is null)
        {
            return;
        }

        await stop.CancelAsync();
        await running!;
        processor!.Dispose();
        journal!.Dispose();
        database!.Dispose();
        stop.Dispose();
        stop = null;
    }

    /// <summary>Spools one entry of the given requests, as the comm handler would; returns its name.</summary>
    public string Spool(params (MessageType Type, byte[] Body)[] items)
    {
        var entry = new SpoolEntry(SpoolNames.NewId(), DateTimeOffset.UtcNow, items.Select(i => new SpoolItem((byte)i.Type, i.Body)).ToList());
        requests.Publish(entry);
        Doorbell.Ring(Layout.IncomingDoorbell);
        return entry.Id;
    }

    public static (MessageType, byte[]) Keepalive(string id) =>
        (MessageType.KeepaliveRequest, MessageCodec.Serialize(new KeepaliveRequest { RequestId = id, FrontEndTimeUnixMs = 1 }));

    public static (MessageType, byte[]) Revoke(string id) =>
        (MessageType.RevokeRequest, MessageCodec.Serialize(new RevokeRequest { RequestId = id, FrontEndTimeUnixMs = 1, Root = "root", SerialHex = "1", Reason = 0 }));

    /// <summary>Waits for the answer entry to <paramref name="name"/> in the outbox.</summary>
    public async Task<SpoolEntry> AnswerAsync(string name, TimeSpan? timeout = null)
    {
        using var reader = new SpoolReader(Layout.Outbox, null, new SpoolReaderOptions { ExpectedOwnerUid = PrivSepSigner.Posix.Accounts.UnixAccount.EffectiveUid, ExpectedMode = SpoolModes.EntryFile, MaxItemBody = SpoolLimits.MaxAnswerItemBody });
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (File.Exists(Path.Combine(Layout.Outbox, name)) && reader.Read(name) is SpoolReadResult.Ok ok)
            {
                return ok.Entry;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no answer to {name}; log:\n{string.Join('\n', Log.All)}");
    }

    /// <summary>Waits up to four seconds for <paramref name="condition"/>, then asserts it.</summary>
    public static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }

    public bool InIncoming(string name) => File.Exists(Path.Combine(Layout.Incoming, name));

    public IReadOnlyList<string> Quarantined() => Directory.GetFileSystemEntries(Layout.Quarantine).Select(Path.GetFileName).ToList()!;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        requests.Dispose();
        root.Delete(recursive: true);
    }
}
