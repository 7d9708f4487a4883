using System.Net.Sockets;
using Mono.Unix.Native;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Reading;
using PrivSepSigner.Spool.Tests.TestSupport;

namespace PrivSepSigner.Spool.Tests.Reading;

/// <summary>
/// Each test plants one thing a compromised writer could put into incoming; the reader must
/// answer Rejected: not throw, not hang (every read runs under a deadline), not follow.
/// </summary>
public sealed class SpoolReaderHostileTests : IDisposable
{
    private const string Name = "0000000000001-0123456789abcdef";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly TestSpool spool = new();
    private readonly SpoolReader reader;

    public SpoolReaderHostileTests()
    {
        reader = spool.Reader();
    }

    public void Dispose()
    {
        reader.Dispose();
        spool.Dispose();
    }

    [Fact]
    public async Task ValidEntryIsAccepted()
    {
        spool.Plant(Name, Valid());

        Assert.IsType<SpoolReadResult.Ok>(await ReadWithinDeadline(Name));
    }

    [Fact]
    public async Task SymlinkToAKeyOutsideTheSpoolIsRejected()
    {
        // The target is a perfectly valid entry with the right owner and mode: only the link is wrong.
        var key = Path.Combine(spool.Outside, "ca.key");
        File.WriteAllBytes(key, Valid());
        TestSpool.Chmod(key, TestSpool.EntryMode);
        File.CreateSymbolicLink(spool.InIncoming(Name), key);

        await AssertRejected(Name, "symbolic link");
    }

    [Fact]
    public async Task DanglingSymlinkIsRejected()
    {
        File.CreateSymbolicLink(spool.InIncoming(Name), "/nonexistent/target");

        await AssertRejected(Name, "symbolic link");
    }

    [Fact]
    public async Task HardLinkIsRejected()
    {
        var path = spool.Plant(Name, Valid());
        Assert.Equal(0, Syscall.link(path, Path.Combine(spool.Outside, "second-name")));

        await AssertRejected(Name, "2 hard links");
    }

    [Fact]
    public async Task FifoIsRejectedWithoutBlocking()
    {
        Assert.Equal(0, Syscall.mkfifo(spool.InIncoming(Name), (FilePermissions)TestSpool.EntryMode));

        await AssertRejected(Name, "FIFO");
    }

    [Fact]
    public async Task UnixSocketIsRejected()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(spool.InIncoming(Name)));
        socket.Listen();

        await AssertRejected(Name, "socket");
    }

    [Fact]
    public async Task DirectoryIsRejected()
    {
        Directory.CreateDirectory(spool.InIncoming(Name));

        await AssertRejected(Name, "directory");
    }

    [Fact]
    public async Task DeviceNodeIsRejected()
    {
        Assert.True(Syscall.geteuid() == 0, "mknod needs root; CI runs as root");
        var nullDevice = (ulong)((1 << 8) | 3); // makedev(1, 3): a /dev/null twin
        Assert.Equal(0, Syscall.mknod(spool.InIncoming(Name), FilePermissions.S_IFCHR | (FilePermissions)TestSpool.EntryMode, nullDevice));

        await AssertRejected(Name, "character device");
    }

    [Fact]
    public async Task WrongModeIsRejected()
    {
        spool.Plant(Name, Valid(), mode: 0x1B6); // 0666

        await AssertRejected(Name, "mode 0666, expected 0640");
    }

    [Fact]
    public async Task SetuidBitIsRejected()
    {
        spool.Plant(Name, Valid(), mode: 0x800 | TestSpool.EntryMode);

        await AssertRejected(Name, "mode 04640");
    }

    [Fact]
    public async Task WrongOwnerIsRejected()
    {
        Assert.True(Syscall.geteuid() == 0, "chown to another user needs root; CI runs as root");
        var path = spool.Plant(Name, Valid());
        Assert.Equal(0, Syscall.chown(path, 65534, 65534));
        TestSpool.Chmod(path, TestSpool.EntryMode);

        await AssertRejected(Name, "owned by uid 65534");
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData(".hidden")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65
    [InlineData("é")]
    [InlineData("A_B")]
    [InlineData("x.tmp")]
    public async Task InvalidNamesAreRejectedBeforeAnySystemCall(string name)
    {
        if (name.Length > 0 && name != "." && name != "..")
        {
            // A well-formed entry under the bad name: only the name can be the reason.
            spool.Plant(name, Valid());
        }

        await AssertRejected(name, "invalid entry name");
    }

    [Fact]
    public async Task OversizedFileIsRejected()
    {
        spool.Plant(Name, new byte[SpoolLimits.MaxEntryBytes + 1]);

        await AssertRejected(Name, "at most");
    }

    [Fact]
    public async Task FileOverTheConfiguredLimitIsRejected()
    {
        using var strict = spool.Reader(TestSpool.Options(maxBytes: 100));
        spool.Plant(Name, SpoolEntryCodec.Encode(Entries.Make(Name, 1, 200)));

        var result = await Task.Run(() => strict.Read(Name)).WaitAsync(Deadline);

        Assert.Contains("at most 100", Assert.IsType<SpoolReadResult.Rejected>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SparseFileIsRejected()
    {
        var path = spool.Plant(Name, []);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(1024 * 1024);
        }

        await AssertRejected(Name, "sparse");
    }

    [Fact]
    public async Task GarbageIsRejected()
    {
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        spool.Plant(Name, garbage);

        await AssertRejected(Name, "malformed");
    }

    [Fact]
    public async Task EntryNamedForAnotherIdIsRejected()
    {
        spool.Plant(Name, SpoolEntryCodec.Encode(Entries.Make("someone-else")));

        await AssertRejected(Name, "does not match");
    }

    [Fact]
    public async Task EmptyFileIsRejected()
    {
        spool.Plant(Name, []);

        await AssertRejected(Name, "malformed");
    }

    [Fact]
    public async Task EveryHostileEntryCanBeQuarantined()
    {
        File.CreateSymbolicLink(spool.InIncoming("link"), "/etc/passwd");
        Assert.Equal(0, Syscall.mkfifo(spool.InIncoming("fifo"), (FilePermissions)TestSpool.EntryMode));
        Directory.CreateDirectory(spool.InIncoming("dir"));
        spool.Plant("é", Valid());
        spool.Plant("..x", Valid());

        var names = reader.List();
        Assert.Equal(5, names.Count);
        foreach (var name in names)
        {
            var rejected = Assert.IsType<SpoolReadResult.Rejected>(await ReadWithinDeadline(name));
            Assert.NotNull(reader.Quarantine(name, rejected.Reason));
        }

        Assert.Empty(reader.List());
        Assert.Equal(5, TestSpool.Names(spool.Layout.Quarantine).Length);
        Assert.True(File.Exists("/etc/passwd"));
    }

    private static byte[] Valid() => SpoolEntryCodec.Encode(Entries.Make(Name));

    private Task<SpoolReadResult> ReadWithinDeadline(string name) =>
        Task.Run(() => reader.Read(name)).WaitAsync(Deadline);

    private async Task AssertRejected(string name, string reasonPart)
    {
        var result = await ReadWithinDeadline(name);

        var rejected = Assert.IsType<SpoolReadResult.Rejected>(result);
        Assert.Contains(reasonPart, rejected.Reason, StringComparison.Ordinal);
    }
}
