using System.Security.Cryptography;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// The front end's side of the link for the CLI: typed request/answer over
/// <see cref="LinkClient"/>. An error answer becomes a <see cref="RefusedException"/>.
/// </summary>
internal sealed class FrontEnd : IAsyncDisposable
{
    private readonly LinkClient client;
    private readonly string link;
    private readonly TimeSpan timeout;

    private FrontEnd(LinkClient client, string link, TimeSpan timeout)
    {
        this.client = client;
        this.link = link;
        this.timeout = timeout;
    }

    /// <summary>
    /// Opens the link. A serial line (or pty) is this process's alone while it is open; another
    /// front end holding it is waited for, up to <paramref name="timeout"/>, saying so on stderr.
    /// </summary>
    public static FrontEnd Open(string link, TimeSpan timeout) =>
        new(LinkClient.Open(link, timeout, message => Console.Error.WriteLine($"privsep-signer: {message}")), link, timeout);

    public static string NewRequestId() => "cli-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>
    /// Sends a request and returns its typed answer. "Retry later" (a full spool, a CRL being made)
    /// is not an answer: the same request goes again with the same id, after a pause that grows
    /// from half a second to five, until the timeout (docs/protocol.md section 7).
    /// </summary>
    public async Task<TResponse> AskAsync<TResponse>(MessageType type, object request, string requestId, CancellationToken ct = default)
        where TResponse : class
    {
        var body = SerializeRequest(type, request);
        var deadline = DateTimeOffset.UtcNow + timeout;
        var pause = TimeSpan.FromMilliseconds(500);
        Frame frame;
        while (true)
        {
            try
            {
                frame = await client.RequestAsync(type, body, requestId, timeout, ct);
            }
            catch (TimeoutException)
            {
                throw new AnswerTimeoutException(link, requestId, timeout);
            }

            if (frame.Type != MessageType.ErrorResponse)
            {
                break;
            }

            var error = MessageCodec.Deserialize<ErrorResponse>(frame.Body);
            if (error.Code != ErrorCode.RetryLater || DateTimeOffset.UtcNow + pause > deadline)
            {
                throw new RefusedException(error);
            }

            await Task.Delay(pause, ct);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 5000));
        }

        if (frame.Type != MessageCodec.ResponseTypeFor(type))
        {
            throw new ProtocolException(ErrorCode.Malformed, $"answer of type 0x{(byte)frame.Type:x2} to a request of type 0x{(byte)type:x2}");
        }

        return MessageCodec.Deserialize<TResponse>(frame.Body);
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();

    /// <summary>The request's body as its <see cref="RequestCatalog"/> row writes it; a <paramref name="type"/> that is not its row's is misuse.</summary>
    private static byte[] SerializeRequest(MessageType type, object request)
    {
        var row = RequestCatalog.Of(request);
        if (row.Type != type)
        {
            throw new ArgumentException($"a {request.GetType().Name} is sent as {row.Type}, not {type}", nameof(type));
        }

        return row.Write(request);
    }
}
