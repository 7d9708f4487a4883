using System.Net.Sockets;
using PrivSepSigner.Configuration;
using PrivSepSigner.Link;
using PrivSepSigner.Posix.Files;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Link;

/// <summary>
/// Opens the configured link and yields the byte streams front ends talk over: each
/// accepted connection of a Unix socket, or the one stream of a pseudo-terminal or tty.
/// </summary>
internal sealed class LinkEndpoint : IDisposable
{
    private readonly LinkConfig config;
    private readonly Socket? listener;
    private readonly PseudoTerminal? pty;
    private readonly Stream? tty;

    private LinkEndpoint(LinkConfig config, Socket? listener, PseudoTerminal? pty, Stream? tty)
    {
        this.config = config;
        this.listener = listener;
        this.pty = pty;
        this.tty = tty;
    }

    public static LinkEndpoint Open(LinkConfig config)
    {
        switch (config.Kind)
        {
            case LinkKind.Unix:
                RemoveStaleSocket(config.Path);
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Bind(new UnixDomainSocketEndPoint(config.Path));
                socket.Listen(64);
                return new LinkEndpoint(config, socket, null, null);
            case LinkKind.Pty:
                var terminal = PseudoTerminal.Open();
                PublishSymlink(config.Path, terminal.SlavePath);
                return new LinkEndpoint(config, null, terminal, null);
            case LinkKind.Tty:
                return new LinkEndpoint(config, null, null, LinkStream.OpenTty(config.Path, config.Baud));
            default:
                throw new InvalidOperationException($"link.kind {config.Kind} is not supported");
        }
    }

    /// <summary>Streams to serve; for a socket, one per accepted connection until cancelled.</summary>
    public async IAsyncEnumerable<Stream> AcceptAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (listener is null)
        {
            yield return pty?.Master ?? tty!;
            yield break;
        }

        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            yield return new NetworkStream(client, ownsSocket: true);
        }
    }

    public void Dispose()
    {
        listener?.Dispose();
        pty?.Dispose();
        tty?.Dispose();
        if (config.Kind is LinkKind.Unix or LinkKind.Pty)
        {
            TryDelete(config.Path);
        }
    }

    /// <summary>A socket left by a previous run is replaced; anything else at the path is not.</summary>
    private static void RemoveStaleSocket(string path)
    {
        if (!FileStatus.TryOfPath(path, out var st))
        {
            return;
        }

        if (st.Kind != FileKind.Socket)
        {
            throw new IOException($"{path}: exists and is not a socket; refusing to replace it");
        }

        File.Delete(path);
    }

    /// <summary>Points <paramref name="path"/> at the pty atomically: a new link renamed over the old.</summary>
    private static void PublishSymlink(string path, string target)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.CreateSymbolicLink(temp, target);
        try
        {
            Paths.Rename(temp, path, $"{path}: cannot publish link");
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
