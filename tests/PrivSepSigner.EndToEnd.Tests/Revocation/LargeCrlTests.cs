using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.EndToEnd.Tests.Legacy;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests.Revocation;

/// <summary>
/// A CA of real size (issue 14): 3,000 revocations make CRLs far larger than one frame or one
/// spool record. They reach the front end whole over the native link (in pieces) and over the
/// legacy link, verify with openssl as a relying party would, a delta against an older base lists
/// what was revoked since, and the CA answers signing requests during and after. Before the fix
/// the CRL request crash-looped the signer and every later request timed out.
/// </summary>
public sealed partial class LargeCrlTests : IAsyncLifetime
{
    private const string Root = "root-ec";
    private const int Revocations = 3000;

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-bigcrl-");
    private SignerHost host = null!;

    public async Task InitializeAsync() => host = await SignerHost.StartAsync("pty");

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        work.Delete(recursive: true);
    }

    [Fact]
    public async Task Crls_of_thousands_of_entries_reach_both_kinds_of_front_end_and_the_ca_keeps_signing()
    {
        // The base a relying party fetched "yesterday", before the mass revocation.
        var yesterday = await CrlAsync("yesterday.der");
        var keep = await IssueFileAsync("keep");
        var gone = await IssueFileAsync("gone");

        await using (var link = LinkClient.Open(host.Link))
        {
            var serials = await BulkLink.IssueAsync(link, Root, Revocations, "big");
            File.WriteAllLines(Path.Combine(work.FullName, "serials.txt"), ["# a weak-key event", .. serials.Select(s => "0x" + s.ToUpperInvariant())]);
        }

        var revoke = await Tool.Cli("revoke", "--link", host.Link, "--root", Root, "--serials-file", Path.Combine(work.FullName, "serials.txt"), "--reason", "keyCompromise");
        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        Assert.Equal(Revocations, revoke.Stdout.Split('\n').Count(l => l.EndsWith(" revoked", StringComparison.Ordinal)));

        // A new base, by the operator, while a signing request is answered (one front end on the line, pipelining).
        var full = Path.Combine(work.FullName, "full.der");
        await using (var front = LinkClient.Open(host.Link))
        {
            var crl = IssueCrlAsync(front);
            var during = await BulkLink.IssueAsync(front, Root, 1, "during");
            Assert.Single(during);
            File.WriteAllBytes(full, (await crl).Crl);
        }

        Assert.True(new FileInfo(full).Length > 65536, "larger than a frame and a spool record");
        Assert.Equal(Revocations, await EntriesAsync(full));
        Assert.Contains("verify OK", (await Tool.RunAsync("openssl", ["crl", "-inform", "DER", "-in", full, "-CAfile", host.CaFile(Root), "-noout"])).Stderr);
        var fullPem = Pem(full);
        Assert.True((await Verify(keep, fullPem)).ExitCode == 0);

        // One more revocation: the delta against yesterday's base lists everything since; the default delta (against the new base) just that one.
        Assert.Equal(0, (await Tool.Cli("revoke", "--link", host.Link, "--root", Root, "--serial", await SerialAsync(gone), "--reason", "keyCompromise")).ExitCode);
        var sinceYesterday = await CrlAsync("delta-yesterday.der", "--delta", "--base", CrlNumber(await TextAsync(yesterday)).ToString(CultureInfo.InvariantCulture));
        Assert.Equal(Revocations + 1, await EntriesAsync(sinceYesterday));
        Assert.Contains("certificate revoked", (await Verify(gone, Pem(yesterday), Pem(sinceYesterday))).ToString());
        Assert.True((await Verify(keep, Pem(yesterday), Pem(sinceYesterday))).ExitCode == 0);
        var delta = await CrlAsync("delta.der", "--delta");
        Assert.Equal(1, await EntriesAsync(delta));
        Assert.Contains("certificate revoked", (await Verify(gone, fullPem, Pem(delta))).ToString());

        var after = await SignAsync("after");
        Assert.True(after.ExitCode == 0, after.ToString());

        // The same installation behind a legacy CommModule link: a revocation there is answered with the whole CRL.
        await host.StopAsync();
        host = await SignerHost.StartAsync("pty", dir: host.Dir, configure: Legacy, ready: async link =>
        {
            await using var probe = await LegacyClient.OpenAsync(link);
            return !(await LegacyHostFixture.KeepaliveAsync(probe)).IsError;
        });
        var third = await IssueLegacyAsync("third");
        await using var legacy = await LegacyClient.OpenAsync(host.Link);
        var reply = await legacy.RequestAsync(LegacyClient.Body(LegacyClient.Header(action: 2, system: 1, root: LegacyHostFixture.RootEc, days: 365), Encoding.ASCII.GetBytes(third.Pem), [], Encoding.ASCII.GetBytes(new string('0', 40))));
        Assert.False(reply.IsError, reply.ToString());
        Assert.True(reply.Text1.Length > 65536);
        var legacyCrl = Path.Combine(work.FullName, "legacy.pem");
        File.WriteAllText(legacyCrl, reply.Text1);
        Assert.Equal(Revocations + 2, await EntriesAsync(legacyCrl, der: false));
        Assert.Contains("certificate revoked", (await Verify(third.File, legacyCrl)).ToString());
    }

    /// <summary>An IssueCrlRequest, resent with its id while the signer answers "retry later" (the CRL is being made).</summary>
    private static async Task<CrlResponse> IssueCrlAsync(LinkClient front)
    {
        var id = BulkLink.Id("issue");
        var body = MessageCodec.Serialize(new IssueCrlRequest { RequestId = id, FrontEndTimeUnixMs = BulkLink.Now(), Root = Root });
        for (var attempt = 0; ; attempt++)
        {
            var frame = await front.RequestAsync(MessageType.IssueCrlRequest, body, id, TimeSpan.FromSeconds(60));
            if (frame.Type != MessageType.ErrorResponse || MessageCodec.Deserialize<ErrorResponse>(frame.Body).Code != ErrorCode.RetryLater || attempt == 120)
            {
                return BulkLink.Expect<CrlResponse>(frame, MessageType.CrlResponse);
            }

            await Task.Delay(500);
        }
    }

    private static void Legacy(JsonObject config)
    {
        config["link"]!["protocol"] = "commmodule-v1";
        config["legacy"] = new JsonObject
        {
            ["roots"] = new JsonObject { ["0"] = "root-rsa", ["1"] = Root },
            ["profiles"] = new JsonObject { ["0"] = "client", ["5"] = "server" },
        };
    }

    private async Task<(string Pem, string File)> IssueLegacyAsync(string name)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, name, "P-256", "/CN=" + name + ".example.test", "subjectAltName=DNS:" + name + ".example.test");
        await using var client = await LegacyClient.OpenAsync(host.Link);
        var header = LegacyClient.Header(action: 1, system: 1, root: LegacyHostFixture.RootEc, profile: LegacyHostFixture.ProfileServer, digest: 8, days: 365);
        var reply = await client.RequestAsync(LegacyClient.Body(header, Encoding.ASCII.GetBytes(File.ReadAllText(csr)), Encoding.ASCII.GetBytes($"DNS:{name}.example.test"), Encoding.ASCII.GetBytes($"/CN={name}.example.test")));
        Assert.False(reply.IsError, reply.ToString());
        var file = Path.Combine(work.FullName, name + ".pem");
        File.WriteAllText(file, reply.Text1);
        return (reply.Text1, file);
    }

    private async Task<ProcessResult> SignAsync(string name)
    {
        var csr = await OpenSslRequests.CreateAsync(work.FullName, name, "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        return await host.SignAsync(Root, "server", csr, "--timeout", "20");
    }

    private async Task<string> IssueFileAsync(string name)
    {
        var r = await SignAsync(name);
        Assert.True(r.ExitCode == 0, r.ToString());
        var file = Path.Combine(work.FullName, name + ".pem");
        File.WriteAllText(file, r.Stdout);
        return file;
    }

    private static async Task<string> SerialAsync(string cert) =>
        (await Tool.RunAsync("openssl", ["x509", "-in", cert, "-noout", "-serial"])).Stdout.Trim()["serial=".Length..];

    private async Task<string> CrlAsync(string file, params string[] extra)
    {
        var path = Path.Combine(work.FullName, file);
        var r = await Tool.Cli(["crl", "--link", host.Link, "--root", Root, "--out", path, "--timeout", "120", .. extra]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return path;
    }

    private string Pem(string der)
    {
        var pem = Path.ChangeExtension(der, ".pem");
        File.WriteAllText(pem, System.Security.Cryptography.PemEncoding.WriteString("X509 CRL", File.ReadAllBytes(der)) + "\n");
        return pem;
    }

    private Task<ProcessResult> Verify(string cert, params string[] crls) =>
        Crls.VerifyWithDeltasAsync(host.CaFile(Root), cert, crls);

    private static async Task<string> TextAsync(string der) =>
        (await Tool.RunAsync("openssl", ["crl", "-inform", "DER", "-in", der, "-noout", "-text"])).Stdout;

    private static async Task<int> EntriesAsync(string crl, bool der = true)
    {
        var text = (await Tool.RunAsync("openssl", ["crl", "-inform", der ? "DER" : "PEM", "-in", crl, "-noout", "-text"])).Stdout;
        return SerialLine().Matches(text).Count;
    }

    private static long CrlNumber(string text) =>
        long.Parse(CrlNumberLine().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Serial Number: ")]
    private static partial Regex SerialLine();

    [GeneratedRegex(@"X509v3 CRL Number:\s*\n\s*(\d+)")]
    private static partial Regex CrlNumberLine();
}
