using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// A flood beyond the spool quota: the comm handler answers "retry later" for what it
/// cannot hold, keeps what it accepted, and once the signer runs everything accepted is
/// answered; the refused requests, resent with the same ids, are then issued. Nothing is
/// dropped silently and nothing is issued twice.
/// </summary>
public sealed class SpoolQuotaTests : IAsyncLifetime
{
    private const int Quota = 5;
    private const int Sent = 8;
    private readonly List<Process> daemons = [];
    private string dir = "";

    public async Task InitializeAsync()
    {
        dir = Directory.CreateTempSubdirectory("pss-quota-").FullName;
        await Installation.InitAsync(dir);
        Installation.Configure(dir, config => config["limits"] = new JsonObject { ["maxPendingEntries"] = Quota, ["answerTimeoutSeconds"] = 120 });
    }

    public Task DisposeAsync()
    {
        foreach (var p in daemons)
        {
            if (!p.HasExited)
            {
                p.Kill();
                p.WaitForExit();
            }

            p.Dispose();
        }

        Directory.Delete(dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Requests_beyond_the_quota_get_retry_later_and_the_rest_are_all_answered()
    {
        Start("privsep-comm");
        var link = Path.Combine(dir, "link");
        await WaitForAsync(() => File.Exists(link));
        await using var client = LinkClient.Open(link);
        var csrs = Enumerable.Range(0, Sent).Select(_ => TestCsrs.DotNetP256("quota.example.test")).ToArray();

        // With no signer running, the first Quota requests are held; the rest are refused at once.
        var pending = Enumerable.Range(0, Sent).Select(i => Send(client, i, csrs[i])).ToArray();
        await WaitForAsync(() => pending.Count(t => t.IsCompleted) >= Sent - Quota);
        await Task.Delay(1000); // and no more than that: the held ones wait for the signer
        var refused = pending.Where(t => t.IsCompleted).ToList();
        Assert.Equal(Sent - Quota, refused.Count);
        foreach (var t in refused)
        {
            var frame = await t;
            Assert.Equal(MessageType.ErrorResponse, frame.Type);
            Assert.Equal(ErrorCode.RetryLater, MessageCodec.Deserialize<ErrorResponse>(frame.Body).Code);
        }

        // Held = spooled: the entries in incoming carry exactly the admitted requests (group commit may pack several per file).
        var held = Directory.GetFiles(Path.Combine(dir, "spool", "incoming"))
            .Sum(f => PrivSepSigner.Spool.Format.SpoolEntryCodec.Decode(File.ReadAllBytes(f), Path.GetFileName(f)).Items.Count);
        Assert.Equal(Quota, held);

        Start("privsep-signerd");
        var serials = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Sent; i++)
        {
            var frame = await pending[i];
            for (var attempt = 0; frame.Type == MessageType.ErrorResponse && attempt < 50; attempt++)
            {
                // What a front end does with "retry later": back off, resend the same request id.
                Assert.Equal(ErrorCode.RetryLater, MessageCodec.Deserialize<ErrorResponse>(frame.Body).Code);
                await Task.Delay(200);
                frame = await Send(client, i, csrs[i]);
            }

            Assert.Equal(MessageType.SignX509Response, frame.Type);
            Assert.True(serials.Add(MessageCodec.Deserialize<SignX509Response>(frame.Body).SerialHex));
        }

        Assert.Equal(Sent, serials.Count);
    }

    private static Task<Frame> Send(LinkClient client, int i, byte[] csr) => client.SignX509Async($"quota-{i}", csr, TimeSpan.FromSeconds(90));

    private void Start(string daemon)
    {
        var info = new ProcessStartInfo(Tool.Bin(daemon)) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(Path.Combine(dir, "config.json"));
        var p = Process.Start(info)!;
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        daemons.Add(p);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "timed out");
            await Task.Delay(100);
        }
    }
}
