using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Tests;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Link.Tests;

public sealed class PseudoTerminalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly byte[] AllBytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

    [Fact]
    public void SlavePathIsAPtsDevice()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        Assert.StartsWith("/dev/pts/", pty.SlavePath);
        Assert.True(File.Exists(pty.SlavePath));
    }

    [Fact]
    public async Task RawBytesAreTransparentInBothDirections()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        await using Stream slave = LinkStream.OpenClient(pty.SlavePath);

        await pty.Master.WriteAsync(AllBytes);
        Assert.Equal(AllBytes, await ReadExactlyAsync(slave, AllBytes.Length));

        await slave.WriteAsync(AllBytes);
        Assert.Equal(AllBytes, await ReadExactlyAsync(pty.Master, AllBytes.Length));
    }

    [Fact]
    public async Task FramesCrossThePtyInBothDirections()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        await using Stream slave = LinkStream.OpenClient(pty.SlavePath);

        await new FrameWriter(pty.Master).WriteAsync(MessageType.StatusResponse, AllBytes, CancellationToken.None);
        FrameReadResult down = await new FrameReader(slave).ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.True(down.IsFrame);
        Assert.Equal(MessageType.StatusResponse, down.Frame.Value.Type);
        Assert.Equal(AllBytes, down.Frame.Value.Body.ToArray());

        byte[] request = Samples.Body(MessageType.SignX509Request, "pty-1");
        await new FrameWriter(slave).WriteAsync(MessageType.SignX509Request, request, CancellationToken.None);
        FrameReadResult up = await new FrameReader(pty.Master).ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.True(up.IsFrame);
        Assert.Equal(request, up.Frame.Value.Body.ToArray());
    }

    [Fact]
    public async Task FrontEndClosingDoesNotHangUpTheMaster()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        Stream first = LinkStream.OpenClient(pty.SlavePath);
        await first.DisposeAsync();

        // A new front end can open the same slave, and the master still reads its frames.
        await using Stream second = LinkStream.OpenClient(pty.SlavePath);
        await new FrameWriter(second).WriteAsync(MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest, "again"), CancellationToken.None);
        FrameReadResult result = await new FrameReader(pty.Master).ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.True(result.IsFrame);
        Assert.Equal("again", MessageCodec.PeekRequestId(result.Frame.Value.Body));
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        byte[] buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Timeout);
        return buffer;
    }
}
