using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// `status --link PATH [--json]`: the signing host's health and metadata, its view of the clocks
/// (ClockStatusRequest: offset, warning and refusal bounds, hourly history), and each root's key
/// versions (RootVersionsRequest): which one is current, and the retired ones still signing CRLs.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var json = CliOptions.Json();
        var command = new Command("status", "show the signing host's status: clock, spool, roots and their key versions, CRLs") { json };
        var link = new FrontEndOptions().AddTo(command);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            await using var front = link.Open(p);
            var requestId = FrontEnd.NewRequestId();
            var s = await front.AskAsync<StatusResponse>(MessageType.StatusRequest, new StatusRequest { RequestId = requestId, FrontEndTimeUnixMs = FrontEnd.Now }, requestId, ct);
            ClockStatusResponse? clock;
            var clockId = FrontEnd.NewRequestId();
            try
            {
                clock = await front.AskAsync<ClockStatusResponse>(MessageType.ClockStatusRequest, new ClockStatusRequest { RequestId = clockId, FrontEndTimeUnixMs = FrontEnd.Now }, clockId, ct);
            }
            catch (RefusedException e) when (e.Error.Code is ErrorCode.UnknownMessageType)
            {
                clock = null; // a signing host from before ClockStatusRequest
            }

            var versions = new Dictionary<string, RootVersionsResponse>(StringComparer.Ordinal);
            foreach (var root in s.Roots)
            {
                var id = FrontEnd.NewRequestId();
                try
                {
                    versions[root.Name] = await front.AskAsync<RootVersionsResponse>(MessageType.RootVersionsRequest, new RootVersionsRequest
                    {
                        RequestId = id,
                        FrontEndTimeUnixMs = FrontEnd.Now,
                        Root = root.Name,
                        IssuerCertificateSha256 = null,
                    }, id, ct);
                }
                catch (RefusedException e) when (e.Error.Code is ErrorCode.UnknownMessageType or ErrorCode.UnknownRoot)
                {
                    // A signing host from before RootVersionsRequest (or a root it dropped meanwhile): status without versions.
                    versions[root.Name] = new RootVersionsResponse { RequestId = id, Root = root.Name, Versions = [], Truncated = true };
                }
            }

            if (p.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(ToJson(s, clock, versions), CliJson.Indented));
                return 0;
            }

            await WriteHumanAsync(s, clock, versions, stdout);
            return 0;
        }));
        return command;
    }

    private static object ToJson(StatusResponse s, ClockStatusResponse? clock, Dictionary<string, RootVersionsResponse> versions) => new
    {
        s.ProtocolVersion,
        SignerTime = IsoTime.Of(s.SignerTimeUnixMs),
        s.ClockOffsetMs,
        Clock = clock is null ? null : new
        {
            clock.State,
            clock.OffsetMs,
            clock.WarnOffsetMs,
            clock.MaxOffsetMs,
            History = clock.History.Select(h => new { Hour = IsoTime.Of(h.HourUnixMs), h.MinOffsetMs, h.MaxOffsetMs, h.LastOffsetMs, h.Observations }),
        },
        StartedAt = IsoTime.Of(s.StartedUnixMs),
        s.IssuedTotal,
        s.SpoolDepth,
        s.LastError,
        s.PgpFingerprint,
        Roots = s.Roots.Select(r => new
        {
            r.Name,
            r.KeyAlgorithm,
            r.CertificateSha256,
            r.Profiles,
            NotAfter = IsoTime.Of(r.NotAfterUnixMs),
            Versions = versions[r.Name].Versions.Select(v => new
            {
                v.Version,
                v.Current,
                v.KeyAlgorithm,
                v.CertificateSha256,
                NotBefore = IsoTime.Of(v.NotBeforeUnixMs),
                NotAfter = IsoTime.Of(v.NotAfterUnixMs),
            }),
            VersionsTruncated = versions[r.Name].Truncated,
        }),
        Crls = s.Crls.Select(c => new { c.Root, c.Number, NextUpdate = IsoTime.Of(c.NextUpdateUnixMs) }),
    };

    private static async Task WriteHumanAsync(StatusResponse s, ClockStatusResponse? clock, Dictionary<string, RootVersionsResponse> versions, TextWriter stdout)
    {
        var c = CultureInfo.InvariantCulture;
        await stdout.WriteLineAsync(string.Create(c, $"protocol version  {s.ProtocolVersion}"));
        await stdout.WriteLineAsync(string.Create(c, $"signer time       {IsoTime.Of(s.SignerTimeUnixMs)} (offset from this host {s.ClockOffsetMs} ms)"));
        if (clock is not null)
        {
            await stdout.WriteLineAsync(string.Create(c, $"clock             {clock.State}: offset {clock.OffsetMs} ms; warns past {clock.WarnOffsetMs} ms, refuses to sign past {clock.MaxOffsetMs} ms"));
            foreach (var h in clock.History)
            {
                await stdout.WriteLineAsync(string.Create(c, $"  hour {IsoTime.Of(h.HourUnixMs)}: offset {h.MinOffsetMs} .. {h.MaxOffsetMs} ms, last {h.LastOffsetMs} ms ({h.Observations} observed)"));
            }
        }

        await stdout.WriteLineAsync($"up since          {IsoTime.Of(s.StartedUnixMs)}");
        await stdout.WriteLineAsync(string.Create(c, $"issued            {s.IssuedTotal}"));
        await stdout.WriteLineAsync(string.Create(c, $"spool depth       {s.SpoolDepth}"));
        await stdout.WriteLineAsync($"last error        {s.LastError ?? "none"}");
        await stdout.WriteLineAsync($"openpgp ca key    {s.PgpFingerprint ?? "none"}");
        foreach (var crl in s.Crls)
        {
            await stdout.WriteLineAsync(string.Create(c, $"crl {crl.Root}: number {crl.Number}, next update {IsoTime.Of(crl.NextUpdateUnixMs)}"));
        }

        foreach (var r in s.Roots)
        {
            await stdout.WriteLineAsync($"root {r.Name}: {r.KeyAlgorithm}, valid until {IsoTime.Of(r.NotAfterUnixMs)}, sha256 {r.CertificateSha256}");
            await stdout.WriteLineAsync($"  profiles: {string.Join(", ", r.Profiles)}");
            foreach (var v in versions[r.Name].Versions)
            {
                await stdout.WriteLineAsync($"  key version {v.Version}{(v.Current ? " (current)" : " (retired)")}: {v.KeyAlgorithm}, {IsoTime.Of(v.NotBeforeUnixMs)} .. {IsoTime.Of(v.NotAfterUnixMs)}, sha256 {v.CertificateSha256}");
            }

            if (versions[r.Name].Truncated)
            {
                await stdout.WriteLineAsync("  (key versions left out: not reported, or too many for one answer)");
            }
        }
    }
}
