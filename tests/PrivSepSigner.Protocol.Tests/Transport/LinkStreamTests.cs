using PrivSepSigner.Protocol;

namespace PrivSepSigner.Protocol.Tests.Transport;

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
}
