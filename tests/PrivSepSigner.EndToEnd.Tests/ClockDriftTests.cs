using System.Text.Json;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// Clock drift without outages (issue 16 item 12): an offline signing host visited quarterly
/// drifts minutes. With the default configuration a front end ten minutes away from the signer
/// was refused ("clock offset ... more than the 300000 ms allowed; not signing"): the CA stopped
/// at a moment nobody chose. Now such a drift is signed, warned about once in the audit log and
/// shown by `status` (state, bounds, hourly history); only past the hour bound is signing refused.
/// </summary>
public sealed class ClockDriftTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-drift-");
    private SignerHost host = null!;

    public async Task InitializeAsync() => host = await SignerHost.StartAsync("unix");

    public async Task DisposeAsync() => await host.DisposeAsync();

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task A_drift_of_minutes_is_signed_warned_about_and_shown_in_status_and_an_hours_is_refused()
    {
        var csr = await OpenSslRequests.ToDerAsync(await OpenSslRequests.CreateAsync(work.FullName, "drift", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server")));
        await using var link = LinkClient.Open(host.Link);

        var minutes = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        for (var i = 0; i < 3; i++)
        {
            var answer = await SignAsync(link, csr, minutes);
            Assert.True(answer.Type == MessageType.SignX509Response, answer.Type == MessageType.ErrorResponse ? MessageCodec.Deserialize<ErrorResponse>(answer.Body).Message : answer.Type.ToString());
        }

        await host.WaitForLogLineAsync("WARNING clock offset", "exceeds the warning bound 60000 ms; still signing, refusing past 3600000 ms");
        Assert.Equal(1, host.Log.Split('\n').Count(l => l.Contains("WARNING clock offset", StringComparison.Ordinal)));

        var status = await Tool.Cli("status", "--link", host.Link, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        using (var json = JsonDocument.Parse(status.Stdout))
        {
            var clock = json.RootElement.GetProperty("clock");
            Assert.Equal(60_000, clock.GetProperty("warnOffsetMs").GetInt64());
            Assert.Equal(3_600_000, clock.GetProperty("maxOffsetMs").GetInt64());
            Assert.Equal("ok", clock.GetProperty("state").GetString()); // the status request's own clock is this host's, in step
            var hour = clock.GetProperty("history").EnumerateArray().Last();
            Assert.InRange(hour.GetProperty("maxOffsetMs").GetInt64(), 599_000, 700_000);
            Assert.True(hour.GetProperty("observations").GetInt32() >= 4);
        }

        var human = await Tool.Cli("status", "--link", host.Link);
        Assert.Contains("warns past 60000 ms, refuses to sign past 3600000 ms", human.Stdout);

        var hours = await SignAsync(link, csr, DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds());
        Assert.Equal(MessageType.ErrorResponse, hours.Type);
        Assert.Equal(ErrorCode.ClockSkew, MessageCodec.Deserialize<ErrorResponse>(hours.Body).Code);
    }

    private static Task<Frame> SignAsync(LinkClient link, byte[] csr, long frontEndTime)
    {
        var id = $"drift-{Guid.NewGuid():N}";
        return link.RequestAsync(MessageType.SignX509Request, MessageCodec.Serialize(new SignX509Request { RequestId = id, FrontEndTimeUnixMs = frontEndTime, Root = "root-ec", Profile = "server", Csr = csr }), id, TimeSpan.FromSeconds(60));
    }
}
