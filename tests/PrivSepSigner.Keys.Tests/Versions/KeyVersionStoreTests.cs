using System.Text;
using PrivSepSigner.Keys.Tests.Support;
using PrivSepSigner.Keys.Versions;
using PrivSepSigner.TestSupport;

namespace PrivSepSigner.Keys.Tests.Versions;

public sealed class KeyVersionStoreTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void CreatesNumberedVersionsWithModesAndSwitches()
    {
        var v1 = KeyVersionWriter.CreateNextVersion(dir.Path, "KEY-1"u8, "CERT-1"u8);
        var v2 = KeyVersionWriter.CreateNextVersion(dir.Path, "KEY-2"u8, "CERT-2"u8);
        Assert.Equal("1", v1);
        Assert.Equal("2", v2);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.File("versions/2/key.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(dir.File("versions/2/cert.pem")));
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("versions"), ".tmp-*"));

        KeyVersionWriter.SwitchCurrent(dir.Path, v2);
        Assert.Equal("versions/2", new FileInfo(dir.File("current")).LinkTarget);
        using (var snapshot = new KeyVersionReader(dir.Path).Read())
        {
            Assert.Equal("2", snapshot.Version);
            Assert.Equal("KEY-2", Encoding.ASCII.GetString(snapshot.KeyPem));
            Assert.Equal("CERT-2", Encoding.ASCII.GetString(snapshot.CertificatePem));
        }

        KeyVersionWriter.SwitchCurrent(dir.Path, v1);
        using var back = new KeyVersionReader(dir.Path).Read();
        Assert.Equal("1", back.Version);
        Assert.Equal("KEY-1", Encoding.ASCII.GetString(back.KeyPem));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path, "current.tmp-*"));
    }

    [Fact]
    public void SnapshotDisposeZeroesKeyAndForbidsFurtherUse()
    {
        KeyVersionWriter.SwitchCurrent(dir.Path, KeyVersionWriter.CreateNextVersion(dir.Path, "SECRET"u8, "CERT"u8));
        var snapshot = new KeyVersionReader(dir.Path).Read();
        snapshot.Dispose();
        Assert.Throws<ObjectDisposedException>(() => snapshot.KeyPem.Length);
    }

    [Fact]
    public void RefusesSwitchToMissingOrIncompleteVersion()
    {
        Assert.Throws<IOException>(() => KeyVersionWriter.SwitchCurrent(dir.Path, "7"));
        Assert.Throws<ArgumentException>(() => KeyVersionWriter.SwitchCurrent(dir.Path, "../x"));
        Directory.CreateDirectory(dir.File("versions/3"));
        File.WriteAllText(dir.File("versions/3/key.pem"), "k");
        Assert.Throws<IOException>(() => KeyVersionWriter.SwitchCurrent(dir.Path, "3"));
        Assert.False(File.Exists(dir.File("current")) || new FileInfo(dir.File("current")).LinkTarget is not null);
    }

    [Fact]
    public void RefusesCurrentLeadingOutsideVersions()
    {
        var elsewhere = dir.File("elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllText(Path.Join(elsewhere, "key.pem"), "k");
        File.WriteAllText(Path.Join(elsewhere, "cert.pem"), "c");
        File.SetUnixFileMode(Path.Join(elsewhere, "key.pem"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(dir.File("current"), "elsewhere");
        var e = Assert.Throws<InvalidDataException>(() => new KeyVersionReader(dir.Path).Read());
        Assert.Contains("outside", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesSymlinkedKeyFileAndKeyOthersCanRead()
    {
        var v = KeyVersionWriter.CreateNextVersion(dir.Path, "KEY"u8, "CERT"u8);
        KeyVersionWriter.SwitchCurrent(dir.Path, v);
        File.SetUnixFileMode(dir.File("versions/1/key.pem"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Throws<InvalidDataException>(() => new KeyVersionReader(dir.Path).Read());

        File.Delete(dir.File("versions/1/key.pem"));
        File.CreateSymbolicLink(dir.File("versions/1/key.pem"), "/etc/hostname");
        Assert.Throws<IOException>(() => new KeyVersionReader(dir.Path).Read());
    }

    /// <summary>
    /// The rollover race (REFERENCE 1): one thread switches <c>current</c> 1,000 times between
    /// two versions while another reads 10,000 times. Every file names its version, so a key
    /// of one version paired with the certificate of the other would be seen.
    /// </summary>
    [Fact]
    public async Task ConcurrentSwitchesNeverYieldAMixedKeyAndCertificate()
    {
        var a = KeyVersionWriter.CreateNextVersion(dir.Path, Content("KEY", "A"), Content("CERT", "A"));
        var b = KeyVersionWriter.CreateNextVersion(dir.Path, Content("KEY", "B"), Content("CERT", "B"));
        KeyVersionWriter.SwitchCurrent(dir.Path, a);
        var reader = new KeyVersionReader(dir.Path);
        var seen = new Dictionary<string, int> { ["1"] = 0, ["2"] = 0 };
        var mixed = 0;
        var done = 0;
        // Dedicated threads released together: thread-pool tasks may start a second apart on 2 cores.
        using var start = new Barrier(2);

        var writer = StartThread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 1000; i++)
            {
                KeyVersionWriter.SwitchCurrent(dir.Path, i % 2 == 0 ? b : a);
            }

            Volatile.Write(ref done, 1);
        });
        var readerTask = StartThread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 10_000; i++)
            {
                using var snapshot = reader.Read();
                var key = Encoding.ASCII.GetString(snapshot.KeyPem);
                var cert = Encoding.ASCII.GetString(snapshot.CertificatePem);
                var expected = snapshot.Version == a ? "A" : "B";
                if (key != Encoding.ASCII.GetString(Content("KEY", expected)) || cert != Encoding.ASCII.GetString(Content("CERT", expected)))
                {
                    mixed++;
                }

                seen[snapshot.Version]++;
            }
        });
        await Task.WhenAll(writer, readerTask);

        Assert.Equal(0, mixed);
        Assert.Equal(10_000, seen["1"] + seen["2"]);
        Assert.True(seen["1"] > 0 && seen["2"] > 0, "the reader never saw a switch");
        Assert.Equal(1, Volatile.Read(ref done));
    }

    [Fact]
    public void CurrentVersionFollowsTheLinkAndIgnoresAForeignTarget()
    {
        var reader = new KeyVersionReader(dir.Path);
        Assert.Null(reader.CurrentVersion());
        var a = KeyVersionWriter.CreateNextVersion(dir.Path, "KA"u8, "CA"u8);
        var b = KeyVersionWriter.CreateNextVersion(dir.Path, "KB"u8, "CB"u8);
        KeyVersionWriter.SwitchCurrent(dir.Path, a);
        Assert.Equal(a, reader.CurrentVersion());
        KeyVersionWriter.SwitchCurrent(dir.Path, b);
        Assert.Equal(b, reader.CurrentVersion());

        File.Delete(dir.File("current"));
        File.CreateSymbolicLink(dir.File("current"), "/etc");
        Assert.Null(reader.CurrentVersion());
    }

    private static Task StartThread(Action body)
    {
        var done = new TaskCompletionSource();
        var thread = new Thread(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        thread.Start();
        return done.Task;
    }

    private static byte[] Content(string kind, string version) =>
        Encoding.ASCII.GetBytes($"-----{kind} {version}-----\n" + string.Concat(Enumerable.Repeat(version, 3000)) + "\n");
}
