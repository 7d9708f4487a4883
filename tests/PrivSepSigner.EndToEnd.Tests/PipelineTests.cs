using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// The signer answers one batch while the batch before it is being committed. Under a load
/// that keeps both stages busy, every request is sent twice on two links, so the two copies
/// often land in neighbouring batches: one answering, one committing. Claims made by the
/// committing batch (request ids, serials, unique keys) must hold for the answering one.
/// </summary>
public sealed class PipelineTests : IClassFixture<SubCaOpenToLinkHostFixture>
{
    private const int Requests = 300;
    private const int SubCaKeys = 40;

    private readonly SignerHost host;

    /// <remarks>The unique-key race needs a unique-key profile on the link: the operator opened subca.</remarks>
    public PipelineTests(SubCaOpenToLinkHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task A_request_resent_while_its_first_copy_commits_gets_the_same_one_certificate()
    {
        var csrs = Enumerable.Range(0, Requests).Select(i => TestCsrs.DotNetP256($"pipe{i}.example.test")).ToArray();
        await using var first = LinkClient.Open(host.Link);
        await using var second = LinkClient.Open(host.Link);
        var before = host.IssuedSerials().Count;

        var pairs = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            var id = $"pipe-{i}";
            var body = SignBody(id, "root-ec", "server", csrs[i]);
            var a = first.RequestAsync(MessageType.SignX509Request, body, id, TimeSpan.FromSeconds(60));
            await Task.Delay(i % 25); // the copy follows 0-24 ms later: the same batch, or one of the next
            var b = second.RequestAsync(MessageType.SignX509Request, body, id, TimeSpan.FromSeconds(60));
            return (await a, await b);
        }));

        var certificates = pairs.Select(p =>
        {
            var a = Certificate(p.Item1);
            var b = Certificate(p.Item2);
            Assert.Equal(a.SerialHex, b.SerialHex);
            Assert.Equal(a.Certificate, b.Certificate);
            return a;
        }).ToList();
        Assert.Equal(Requests, certificates.Select(c => c.SerialHex).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(before + Requests, host.IssuedSerials().Count);
        Assert.Empty(await host.WaitForEmptySpoolAsync(TimeSpan.FromSeconds(15)));

        // Not even signed twice and thrown away: one signature per request id.
        await Task.Delay(500); // the journal copy of the log is written by its own thread
        var log = host.Log;
        Assert.All(Enumerable.Range(0, Requests), i => Assert.Single(Occurrences(log, $"audit: signing request pipe-{i} ")));
    }

    [Fact]
    public async Task A_unique_key_asked_for_twice_at_once_is_certified_once()
    {
        // Each sub-CA key comes in two requests with different ids on two links, amid server load.
        using var load = new CancellationTokenSource();
        await using var busy = LinkClient.Open(host.Link);
        var loadTask = KeepBusyAsync(busy, load.Token);
        await using var first = LinkClient.Open(host.Link);
        await using var second = LinkClient.Open(host.Link);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, SubCaKeys).Select(async i =>
        {
            var csr = SubCaCsr();
            var a = first.RequestAsync(MessageType.SignX509Request, SignBody($"subca-{i}-a", "root-rsa", "subca", csr), $"subca-{i}-a", TimeSpan.FromSeconds(60));
            await Task.Delay(i % 20);
            var b = second.RequestAsync(MessageType.SignX509Request, SignBody($"subca-{i}-b", "root-rsa", "subca", csr), $"subca-{i}-b", TimeSpan.FromSeconds(60));
            return new[] { await a, await b };
        }));
        await load.CancelAsync();
        await loadTask;

        foreach (var pair in outcomes)
        {
            Assert.Single(pair, f => f.Type == MessageType.SignX509Response);
            var refused = MessageCodec.Deserialize<ErrorResponse>(Assert.Single(pair, f => f.Type == MessageType.ErrorResponse).Body);
            Assert.Equal(ErrorCode.PolicyRefused, refused.Code);
            Assert.Contains("KeyReused", refused.Message, StringComparison.Ordinal);
        }
    }

    private static async Task KeepBusyAsync(LinkClient link, CancellationToken stop)
    {
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            var ids = Enumerable.Range(n, 32).Select(i => $"busy-{i}").ToList();
            n += 32;
            await Task.WhenAll(ids.Select(id => link.RequestAsync(MessageType.SignX509Request, SignBody(id, "root-ec", "server", TestCsrs.DotNetP256("busy.example.test")), id, TimeSpan.FromSeconds(60))));
        }
    }

    private static IEnumerable<int> Occurrences(string text, string what)
    {
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + 1, StringComparison.Ordinal))
        {
            yield return at;
        }
    }

    private static byte[] SubCaCsr()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        return new CertificateRequest("CN=Example Issuing CA, O=Example Org, C=DE", key, HashAlgorithmName.SHA384).CreateSigningRequest();
    }

    private static byte[] SignBody(string id, string root, string profile, byte[] csr) => MessageCodec.Serialize(new SignX509Request
    {
        RequestId = id,
        FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        Root = root,
        Profile = profile,
        Csr = csr,
    });

    private static SignX509Response Certificate(Frame frame)
    {
        Assert.True(frame.Type == MessageType.SignX509Response, frame.Type == MessageType.ErrorResponse ? MessageCodec.Deserialize<ErrorResponse>(frame.Body).Message : frame.Type.ToString());
        return MessageCodec.Deserialize<SignX509Response>(frame.Body);
    }
}
