using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// The FIFO is only a doorbell: garbage in it, a flood of rings, or the FIFO deleted
/// outright must never stop the signer, which also rescans the spool on a timer.
/// </summary>
public sealed class DoorbellTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-bell-");

    public DoorbellTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task Garbage_and_a_flood_in_the_fifo_do_not_stop_the_signer()
    {
        var fifo = Path.Combine(host.Spool, "incoming.fifo");
        var garbage = new byte[256 * 1024];
        Random.Shared.NextBytes(garbage);
        await using (var f = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(OpenNonBlocking(fifo), true), FileAccess.Write, 1))
        {
            try
            {
                f.Write(garbage);
            }
            catch (IOException)
            {
                // The pipe filled up (EAGAIN): that is the flood.
            }
        }

        await SignOnceAsync(host, work);
    }

    public void Dispose() => work.Delete(recursive: true);

    internal static async Task SignOnceAsync(SignerHost host, DirectoryInfo work)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, Guid.NewGuid().ToString("N"), "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        var r = await host.SignAsync("root-ec", "server", csr, "--timeout", "30");
        Assert.True(r.ExitCode == 0, r + host.Log);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", r.Stdout);
    }

    private static nint OpenNonBlocking(string path)
    {
        var fd = Open(path, 0x1 | 0x800 | 0x80000); // O_WRONLY|O_NONBLOCK|O_CLOEXEC: a reader exists
        Assert.True(fd >= 0, "the signer holds the doorbell open for reading");
        return fd;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);
}

/// <summary>The doorbell deleted outright: the signer rescans the spool on its timer.</summary>
public sealed class DeletedDoorbellTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-bell-");

    public DeletedDoorbellTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task The_signer_keeps_working_when_the_fifo_is_deleted()
    {
        File.Delete(Path.Combine(host.Spool, "incoming.fifo"));
        await DoorbellTests.SignOnceAsync(host, work);
        await DoorbellTests.SignOnceAsync(host, work);
    }

    public void Dispose() => work.Delete(recursive: true);
}
