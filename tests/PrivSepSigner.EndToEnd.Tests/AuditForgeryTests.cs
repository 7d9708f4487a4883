using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Logging.Chain;
using PrivSepSigner.Logging.Format;
using Serilog.Events;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// Code running as the comm user holds what the comm handler holds: its own chain key, and a
/// way to put lines into the stream (the syslog socket; in a development installation the
/// file). With it, it writes sealed "privsep-signerd" lines: a forged boot of the signer
/// beside the running one, claiming an issuance. The collector's check must fail.
/// </summary>
public sealed class AuditForgeryTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-forge-");

    public AuditForgeryTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task Signer_lines_forged_with_the_comm_handlers_key_fail_verification()
    {
        var (signerKey, commKey) = ChainKeyFiles();
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "a", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        Assert.Equal(0, (await host.SignAsync("root-ec", "server", csr)).ExitCode);

        // The forger seals with the only chain key it can read: the comm handler's.
        var forged = new List<string>();
        var k0 = MacChain.LoadKey(commKey);
        try
        {
            using var chain = new MacChain(k0);
            var format = new Rfc5424Formatter("privsep-signerd");
            foreach (var (msgId, text) in new[] { ("start", "logging started, heartbeat every 60s"), ("audit", "audit: signed request forged-1 result ok root root-ec profile subca serial 01 subject CN=Evil CA") })
            {
                var line = format.FormatSynthetic(DateTimeOffset.UtcNow, LogEventLevel.Information, msgId, chain.Placeholder(), text);
                forged.Add(Encoding.UTF8.GetString(chain.Seal(Encoding.UTF8.GetBytes(line))));
            }

            await File.AppendAllTextAsync(Path.Combine(host.Dir, "syslog.out"), string.Concat(forged.Select(l => l + "\n")));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(k0);
        }

        // The real signer goes on writing after the forged boot.
        Assert.Equal(0, (await host.SignAsync("root-ec", "server", csr, "--request-id", "after-forgery")).ExitCode);
        await Task.Delay(500);
        var log = WholeLines();
        Assert.Contains("forged-1", File.ReadAllText(log));

        var r = await VerifyAsync(signerKey, commKey, log);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("ForeignKey", r.Stdout);
        Assert.Contains("sealed with the comm key", r.Stdout);

        // Without the forged lines the same log verifies with both keys.
        var clean = Path.Combine(work.FullName, "clean.out");
        File.WriteAllLines(clean, File.ReadAllLines(log).Where(l => !forged.Contains(l)));
        var ok = await VerifyAsync(signerKey, commKey, clean);
        Assert.True(ok.ExitCode == 0, ok.ToString());
    }

    public void Dispose() => work.Delete(recursive: true);

    /// <summary>Each daemon's chain key file, as the installation's config names it.</summary>
    private (string Signer, string Comm) ChainKeyFiles()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(host.Dir, "config.json")))!;
        var configured = Path.GetFullPath(config["logging"]!["macKeyFile"]!.GetValue<string>(), host.Dir);
        return (configured.Replace("{daemon}", "signer", StringComparison.Ordinal), configured.Replace("{daemon}", "comm", StringComparison.Ordinal));
    }

    /// <summary>A copy of the sealed stream up to its last complete line (the daemons may be appending).</summary>
    private string WholeLines()
    {
        var bytes = File.ReadAllBytes(Path.Combine(host.Dir, "syslog.out"));
        var copy = Path.Combine(work.FullName, "syslog.out");
        File.WriteAllBytes(copy, bytes[..(Array.LastIndexOf(bytes, (byte)'\n') + 1)]);
        return copy;
    }

    /// <summary>As a collector holding both keys would; one shared file means one key for both.</summary>
    private static Task<ProcessResult> VerifyAsync(string signerKey, string commKey, string log) =>
        signerKey == commKey
            ? Tool.Cli("audit", "verify", "--key", signerKey, log)
            : Tool.Cli("audit", "verify", "--signer-key", signerKey, "--comm-key", commKey, log);
}
