using PrivSepSigner.Cli.Client;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Development.Benchmark;

/// <summary>
/// The project as a front end sees it: SignX509Requests over the link, on up to 8 connections
/// (the link multiplexes), "retry later" retried.
/// </summary>
internal sealed class LinkTarget : IBenchTarget, IAsyncDisposable
{
    private readonly string root;
    private readonly List<LinkClient> clients;

    public LinkTarget(string link, string root, int concurrency)
    {
        this.root = root;
        clients = Enumerable.Range(0, Math.Min(concurrency, 8)).Select(_ => LinkClient.Open(link)).ToList();
    }

    public async Task SignAsync(byte[] csr, string requestId, int slot)
    {
        var client = clients[slot % clients.Count];
        var body = MessageCodec.Serialize(new SignX509Request { RequestId = requestId, FrontEndTimeUnixMs = FrontEnd.Now, Root = root, Profile = "server", Csr = csr });
        while (true)
        {
            var frame = await client.RequestAsync(MessageType.SignX509Request, body, requestId, TimeSpan.FromSeconds(120));
            if (frame.Type == MessageType.SignX509Response)
            {
                return;
            }

            var error = MessageCodec.Deserialize<ErrorResponse>(frame.Body);
            if (error.Code != ErrorCode.RetryLater)
            {
                throw new InvalidOperationException($"{requestId}: {error.Code} {error.Message}");
            }

            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
