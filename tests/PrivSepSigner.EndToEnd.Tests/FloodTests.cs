using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// 10,000 sign requests written as fast as one connection takes them, far faster than the signer
/// issues: the spool quota holds, both daemons' memory stays bounded, the front end gets
/// "retry later" for what does not fit, and every request gets exactly one answer, a
/// certificate (recorded once in the database) or retry-later. Nothing is dropped silently.
/// </summary>
public sealed class FloodTests : IAsyncLifetime
{
    private const int Requests = 10_000;
    // limits.maxPendingEntries counts requests (group commit packs several per file).
    private const int Quota = 200;

    // Far above the ~100 MB a daemon uses at rest; a queue growing with the flood would pass it.
    private const long MaxRssKb = 400 * 1024;

    private SignerHost host = null!;

    public async Task InitializeAsync() =>
        host = await SignerHost.StartAsync("unix", configure: c =>
            c["limits"] = new System.Text.Json.Nodes.JsonObject { ["maxPendingEntries"] = Quota, ["answerTimeoutSeconds"] = 120 });

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Ten_thousand_requests_each_get_exactly_one_answer_within_quota_and_bounded_memory()
    {
        var csrs = Enumerable.Range(0, Requests).Select(i => TestCsrs.DotNetP256($"flood-{i}.example.test")).ToArray();
        var (comm, signer) = (host.DaemonPid("privsep-comm"), host.DaemonPid("privsep-signerd"));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(host.Link));
        await using var stream = new NetworkStream(socket);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(80));

        var answers = new ConcurrentDictionary<string, List<(MessageType Type, ErrorCode? Code, string? Serial)>>(StringComparer.Ordinal);
        var answered = 0;
        var reading = Task.Run(() => ReadAnswersAsync(stream, answers, () => Interlocked.Increment(ref answered), cts.Token));
        var peaks = new Peaks();
        var sampling = Task.Run(() => SampleAsync(comm, signer, peaks, () => Volatile.Read(ref answered) >= Requests, cts.Token));

        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < Requests; i++)
        {
            var id = $"flood-{i}";
            await stream.WriteAsync(FrameCodec.Encode(MessageType.SignX509Request, MessageCodec.Serialize(new SignX509Request
            {
                RequestId = id, FrontEndTimeUnixMs = now, Root = "root-ec", Profile = "server", Csr = csrs[i],
            })), cts.Token);
        }

        var sent = clock.Elapsed;
        while (Volatile.Read(ref answered) < Requests)
        {
            Assert.False(reading.IsCompleted, $"the link closed after {answered} answers: {reading.Exception}");
            await Task.Delay(100, cts.Token);
        }

        // A second answer to any id would arrive about now; none may.
        await Task.Delay(2000, cts.Token);
        await sampling;
        cts.Cancel();

        Assert.Equal(Requests, answers.Count);
        Assert.All(answers, a => Assert.Single(a.Value));
        var issued = answers.Values.Select(a => a[0]).Where(a => a.Type == MessageType.SignX509Response).ToList();
        var retryLater = answers.Values.Count(a => a[0].Type == MessageType.ErrorResponse && a[0].Code == ErrorCode.RetryLater);
        Assert.Equal(Requests, issued.Count + retryLater); // nothing but certificates and retry-later
        Assert.True(retryLater > 0, "the flood never reached the quota");
        Assert.True(issued.Count > 0, "nothing was issued during the flood");

        // Every certificate answered is in the database once, and nothing else was issued.
        var serials = issued.Select(a => a.Serial!).ToList();
        Assert.Equal(serials.Count, serials.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(serials.Order(StringComparer.Ordinal), host.IssuedSerials().Order(StringComparer.Ordinal));

        // The quota counts admitted, unanswered requests; the signer removes an entry just after
        // publishing its answers, so an answered entry may still be seen for a moment. Unbounded
        // growth would pass this by thousands.
        Assert.True(peaks.Spooled <= 2 * Quota, $"{peaks.Spooled} requests spooled, quota {Quota}");
        Assert.True(peaks.CommKb < MaxRssKb && peaks.SignerKb < MaxRssKb, $"peak RSS comm {peaks.CommKb} kB, signer {peaks.SignerKb} kB");
        Assert.Null(host.ExitCode);
        Assert.Empty(await host.WaitForEmptySpoolAsync(TimeSpan.FromSeconds(20)));
        Console.WriteLine($"flood: sent in {sent.TotalSeconds:F1} s, answered in {clock.Elapsed.TotalSeconds:F1} s; issued {issued.Count}, retry-later {retryLater}; " +
            $"peak spooled {peaks.Spooled}, RSS comm {peaks.CommKb / 1024} MB, signer {peaks.SignerKb / 1024} MB");
    }

    private static async Task ReadAnswersAsync(Stream stream, ConcurrentDictionary<string, List<(MessageType, ErrorCode?, string?)>> answers, Action counted, CancellationToken ct)
    {
        var reader = new FrameReader(stream);
        while (true)
        {
            var r = await reader.ReadAsync(ct);
            if (r.EndOfStream)
            {
                return;
            }

            Assert.True(r.IsFrame, $"a damaged answer frame: {r.Error}");
            var frame = r.Frame.Value;
            (string Id, MessageType Type, ErrorCode? Code, string? Serial) answer = frame.Type switch
            {
                MessageType.SignX509Response => MessageCodec.Deserialize<SignX509Response>(frame.Body) is var s ? (s.RequestId, frame.Type, null, s.SerialHex) : default,
                MessageType.ErrorResponse => MessageCodec.Deserialize<ErrorResponse>(frame.Body) is var e ? (e.RequestId, frame.Type, e.Code, null) : default,
                _ => throw new InvalidOperationException($"unexpected answer type {frame.Type}"),
            };
            var list = answers.GetOrAdd(answer.Id, _ => []);
            lock (list)
            {
                list.Add((answer.Type, answer.Code, answer.Serial));
                if (list.Count == 1)
                {
                    counted();
                }
            }
        }
    }

    private async Task SampleAsync(int comm, int signer, Peaks peaks, Func<bool> done, CancellationToken ct)
    {
        var incoming = Path.Combine(host.Spool, "incoming");
        while (!done())
        {
            peaks.Spooled = Math.Max(peaks.Spooled, SpooledRequests(incoming));
            peaks.CommKb = Math.Max(peaks.CommKb, SignerHost.RssKb(comm));
            peaks.SignerKb = Math.Max(peaks.SignerKb, SignerHost.RssKb(signer));
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Requests in the spool's incoming entries; an entry the signer removes meanwhile counts as none.</summary>
    private static int SpooledRequests(string incoming)
    {
        var count = 0;
        foreach (var file in Directory.GetFiles(incoming))
        {
            try
            {
                count += PrivSepSigner.Spool.Format.SpoolEntryCodec.Decode(File.ReadAllBytes(file), Path.GetFileName(file)).Items.Count;
            }
            catch (FileNotFoundException)
            {
            }
        }

        return count;
    }

    private sealed class Peaks
    {
        public int Spooled { get; set; }

        public long CommKb { get; set; }

        public long SignerKb { get; set; }
    }
}
