using System.Net.Sockets;

namespace PrivSepSigner.Comm.Tests.Support;

/// <summary>Two connected Unix stream sockets: the comm handler's side and the front end's side of a link.</summary>
internal sealed class SocketPair : IDisposable
{
    private SocketPair(Stream server, Stream client)
    {
        Server = server;
        Client = client;
    }

    public Stream Server { get; }

    public Stream Client { get; }

    public static async Task<SocketPair> OpenAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pss-legacy-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
        var server = await listener.AcceptAsync();
        File.Delete(path);
        return new SocketPair(new NetworkStream(server, ownsSocket: true), new NetworkStream(client, ownsSocket: true));
    }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
    }
}
