using System.Net.Sockets;

namespace PrivSepSigner.Logging.Targets;

/// <summary>
/// A local syslog socket (/dev/log style): one line per datagram, no LF (RFC 5424 via a
/// Unix datagram is message-framed). Non-blocking: a full receive queue is "busy".
/// </summary>
public sealed class UnixDatagramTarget : ILineTarget
{
    private readonly string socketPath;
    private Socket? socket;

    public UnixDatagramTarget(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        this.socketPath = socketPath;
    }

    public string Name => "unix:" + socketPath;

    public bool AppendsNewline => false;

    public bool IsOpen => socket is not null;

    public void Open()
    {
        Close();
        var created = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            created.Connect(new UnixDomainSocketEndPoint(socketPath));
            created.Blocking = false;
        }
        catch
        {
            created.Dispose();
            throw;
        }
        socket = created;
    }

    public LineWriteResult Write(ReadOnlySpan<byte> data, out int written)
    {
        written = 0;
        if (socket is null)
        {
            return LineWriteResult.Failed;
        }
        var sent = socket.Send(data, SocketFlags.None, out var error);
        switch (error)
        {
            case SocketError.Success:
                written = sent;
                return LineWriteResult.Written;
            case SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable or SocketError.Interrupted:
                return LineWriteResult.Busy;
            default:
                // ECONNREFUSED: the syslog daemon restarted and the socket is a new inode.
                return LineWriteResult.Failed;
        }
    }

    public void Close()
    {
        socket?.Dispose();
        socket = null;
    }

    public void Dispose() => Close();
}
