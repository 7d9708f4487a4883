using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// A development installation writes the stream that would go down the serial line to
/// DIR/syslog.out, sealed by each daemon with its own chain key (DIR/audit-chain-key.signer,
/// DIR/audit-chain-key.comm); `audit verify` accepts it after real signatures and detects a
/// deleted and an edited line.
/// </summary>
public sealed class AuditTrailTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-audit-");

    public AuditTrailTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task The_sealed_log_verifies_and_tampering_is_detected()
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "a", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        for (var i = 0; i < 3; i++)
        {
            var r = await host.SignAsync("root-ec", "server", csr);
            Assert.True(r.ExitCode == 0, r.ToString());
        }

        var refused = await host.SignAsync("root-ec", "client", csr);
        Assert.NotEqual(0, refused.ExitCode);
        await Task.Delay(500); // let the sinks' background writers flush

        var log = Path.Combine(work.FullName, "syslog.out");
        // Copy whole lines only: the daemons may be appending while we read.
        var bytes = File.ReadAllBytes(Path.Combine(host.Dir, "syslog.out"));
        File.WriteAllBytes(log, bytes[..(Array.LastIndexOf(bytes, (byte)'\n') + 1)]);
        var lines = File.ReadAllLines(log);
        Assert.Contains(lines, l => l.Contains("audit: signing request", StringComparison.Ordinal) && l.Contains(" audit ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("audit: signed request", StringComparison.Ordinal) && l.Contains("serial", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("audit: refused request", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("audit: loaded root", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains("chain@32473", l));
        Assert.DoesNotContain(lines, l => l.Contains("PRIVATE KEY", StringComparison.Ordinal));

        var ok = await Verify(log);
        Assert.True(ok.ExitCode == 0, ok.ToString());

        var deleted = Path.Combine(work.FullName, "deleted.out");
        File.WriteAllLines(deleted, lines.Where((_, i) => i != lines.Length / 2));
        var gap = await Verify(deleted);
        Assert.NotEqual(0, gap.ExitCode);
        Assert.Contains("gap", gap.Stdout, StringComparison.OrdinalIgnoreCase);

        var edited = Path.Combine(work.FullName, "edited.out");
        var changed = lines.ToArray();
        var target = Array.FindIndex(changed, l => l.Contains("audit: signed request", StringComparison.Ordinal));
        changed[target] = changed[target].Replace("result ok", "result OK", StringComparison.Ordinal);
        File.WriteAllLines(edited, changed);
        var modified = await Verify(edited);
        Assert.NotEqual(0, modified.ExitCode);
        Assert.Contains("modified", modified.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => work.Delete(recursive: true);

    private Task<ProcessResult> Verify(string file) =>
        Tool.Cli("audit", "verify", "--signer-key", Path.Combine(host.Dir, "audit-chain-key.signer"), "--comm-key", Path.Combine(host.Dir, "audit-chain-key.comm"), file);
}
