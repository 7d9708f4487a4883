using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// Parallel issuance: 8 front ends, 200 requests. Serials must be distinct and recorded,
/// every certificate must verify, and the spool must end empty (no work file left).
/// </summary>
public sealed class ConcurrencyTests : IClassFixture<UnixHostFixture>, IDisposable
{
    private const int Clients = 8;
    private const int PerClient = 25;

    private readonly SignerHost host;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-par-");

    public ConcurrencyTests(UnixHostFixture fixture) => host = fixture.Host;

    [Fact]
    public async Task Two_hundred_requests_from_eight_clients_get_distinct_recorded_serials()
    {
        var csrs = Enumerable.Range(0, Clients * PerClient).Select(_ => TestCsrs.DotNetP256("par.example.test")).ToArray();
        var answers = await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => RunClientAsync(c, csrs)));
        var issued = answers.SelectMany(a => a).ToList();

        Assert.Equal(Clients * PerClient, issued.Count);
        var serials = issued.Select(a => a.SerialHex).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(issued.Count, serials.Count);
        Assert.True(host.IssuedSerials().ToHashSet(StringComparer.Ordinal).IsSupersetOf(serials), "every serial is in the issuance database");

        var files = issued.Select((a, i) =>
        {
            var path = Path.Combine(work.FullName, $"c{i}.pem");
            File.WriteAllText(path, new string(PemEncoding.Write("CERTIFICATE", a.Certificate)));
            return path;
        }).ToArray();
        var verify = await OpenSslRequests.VerifyAsync(host.CaFile("root-ec"), files);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal(files.Length, verify.Stdout.Split('\n').Count(l => l.EndsWith(": OK", StringComparison.Ordinal)));

        Assert.Empty(await host.WaitForEmptySpoolAsync(TimeSpan.FromSeconds(15)));
    }

    public void Dispose() => work.Delete(recursive: true);

    private async Task<List<SignX509Response>> RunClientAsync(int client, byte[][] csrs)
    {
        var results = new List<SignX509Response>();
        await using var link = LinkClient.Open(host.Link);
        for (var i = 0; i < PerClient; i++)
        {
            var id = $"par-{client}-{i}";
            var body = MessageCodec.Serialize(new SignX509Request
            {
                RequestId = id,
                FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Root = "root-ec",
                Profile = "server",
                Csr = csrs[(client * PerClient) + i],
            });
            var frame = await link.RequestAsync(MessageType.SignX509Request, body, id, TimeSpan.FromSeconds(60));
            Assert.True(frame.Type == MessageType.SignX509Response, frame.Type == MessageType.ErrorResponse ? MessageCodec.Deserialize<ErrorResponse>(frame.Body).Message : frame.Type.ToString());
            results.Add(MessageCodec.Deserialize<SignX509Response>(frame.Body));
        }

        return results;
    }
}
