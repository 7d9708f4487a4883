using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Protocol;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Doorbells;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Writing;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// Hostile spool input cannot exhaust the signer's memory (security review, item 5: a batch of 128
/// entries of 16.7 MB each took it to 2.9 GB, and out of memory on every restart). Entries larger
/// than a request entry can be are refused from their fstat, unread; the largest legal ones are
/// read at most 16 MiB a batch. The signer's peak memory stays bounded and a valid request is
/// answered behind the flood.
/// </summary>
public sealed class SpoolMemoryTests : IClassFixture<UnixHostFixture>
{
    private readonly SignerHost host;

    public SpoolMemoryTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task A_flood_of_huge_entries_is_refused_unread_and_big_ones_are_read_a_few_at_a_time()
    {
        var incoming = Path.Combine(host.Spool, "incoming");
        var tmp = Path.Combine(host.Spool, "incoming.tmp");
        using var writer = new SpoolWriter(tmp, incoming);

        // Entries of the size the review used (256 messages of 64 KiB each): refused from fstat, never allocated.
        var huge = Enumerable.Range(0, 256).Select(i => new SpoolItem((byte)MessageType.KeepaliveRequest, new byte[SpoolLimits.MaxItemBody])).ToList();
        for (var i = 0; i < 10; i++)
        {
            writer.Publish(new SpoolEntry(SpoolNames.NewId(), DateTimeOffset.UtcNow, huge));
        }

        // And 30 of the largest size a request entry may have (64 messages, 4 MiB), 120 MB in all.
        var big = Enumerable.Range(0, SpoolLimits.MaxRequestItems).Select(i => new SpoolItem((byte)MessageType.KeepaliveRequest, new byte[SpoolLimits.MaxItemBody])).ToList();
        for (var i = 0; i < 30; i++)
        {
            writer.Publish(new SpoolEntry(SpoolNames.NewId(), DateTimeOffset.UtcNow, big));
        }

        Doorbell.Ring(Path.Combine(host.Spool, "incoming.fifo"));
        var csr = await OpenSslRequests.CreateAsync(host.Dir, "behind-flood", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        var sign = await host.SignAsync("root-ec", "server", csr, "--timeout", "120");
        Assert.True(sign.ExitCode == 0, sign.ToString());

        for (var i = 0; i < 240 && Directory.EnumerateFiles(incoming).Any(); i++)
        {
            await Task.Delay(500);
        }

        Assert.Empty(Directory.EnumerateFiles(incoming));
        var peak = PeakMegabytes(SignerPid());
        Assert.True(peak < 400, $"the signer's peak memory was {peak} MB");
        Assert.Contains("bytes, at most 4194793", host.Log);
    }

    private int SignerPid()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmd.Contains("privsep-signerd", StringComparison.Ordinal) && cmd.Contains(host.Dir, StringComparison.Ordinal))
                {
                    return int.Parse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
            }
        }

        throw new InvalidOperationException("no signer process");
    }

    private static double PeakMegabytes(int pid) =>
        double.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
}
