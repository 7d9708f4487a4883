using PrivSepSigner.Link;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Link.Tests;

public sealed class LinkStreamTests
{
    [Fact]
    public void RegularFileIsRefusedNamingThePath()
    {
        string path = Path.GetTempFileName();
        try
        {
            var ex = Assert.Throws<IOException>(() => LinkStream.OpenClient(path));
            Assert.Contains(path, ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingPathIsRefusedNamingThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-link-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<IOException>(() => LinkStream.OpenClient(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void CharacterDeviceThatIsNotATerminalIsRefused()
    {
        var ex = Assert.Throws<IOException>(() => LinkStream.OpenClient("/dev/null"));
        Assert.Contains("/dev/null", ex.Message);
    }

    [Fact]
    public void SymlinkToAPtyIsFollowed()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        string link = Path.Combine(Path.GetTempPath(), "pty-link-" + Guid.NewGuid().ToString("N"));
        File.CreateSymbolicLink(link, pty.SlavePath);
        try
        {
            using Stream stream = LinkStream.OpenClient(link);
            Assert.True(stream.CanRead && stream.CanWrite);
        }
        finally
        {
            File.Delete(link);
        }
    }

    [Fact]
    public void ASecondFrontEndOnATerminalWaitsNamingTheHolderThenGivesUp()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        using Stream first = LinkStream.OpenClient(pty.SlavePath);
        var told = new List<string>();

        var ex = Assert.Throws<IOException>(() => LinkStream.OpenClient(pty.SlavePath, TimeSpan.FromMilliseconds(300), told.Add));

        // flock is per open file description, so a second open in this process conflicts too,
        // and /proc/locks names this process as the holder.
        string self = $"pid {Environment.ProcessId}";
        Assert.Equal([$"waiting for the link {pty.SlavePath}, held by {self}"], told);
        Assert.Contains($"still held by {self}", ex.Message);
        Assert.DoesNotContain("errno", ex.Message);
    }

    [Fact]
    public void TheWaitingFrontEndGetsTheTerminalWhenTheHolderLetsGo()
    {
        using PseudoTerminal pty = PseudoTerminal.Open();
        Stream first = LinkStream.OpenClient(pty.SlavePath);
        var release = Task.Run(async () =>
        {
            await Task.Delay(200);
            first.Dispose();
        });

        using Stream second = LinkStream.OpenClient(pty.SlavePath, TimeSpan.FromSeconds(30));
        Assert.True(release.IsCompleted);
        Assert.True(second.CanRead && second.CanWrite);
    }

    [Fact]
    public void UnixSocketLinksTakeNoLineLock()
    {
        string path = Path.Combine(Path.GetTempPath(), "link-" + Guid.NewGuid().ToString("N"));
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        try
        {
            using Stream a = LinkStream.OpenClient(path, TimeSpan.Zero);
            using Stream b = LinkStream.OpenClient(path, TimeSpan.Zero);
            Assert.True(a.CanWrite && b.CanWrite);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
