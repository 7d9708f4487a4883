using System.Globalization;
using System.Text.Json;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Commands;

/// <summary>`status --link PATH [--json]`: the signing host's health and metadata.</summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link", "--timeout" }, new HashSet<string> { "--json" });
        var requestId = FrontEnd.NewRequestId();
        await using var link = FrontEnd.Open(a.Required("--link"), CliTimeouts.From(a));
        var s = await link.AskAsync<StatusResponse>(MessageType.StatusRequest, new StatusRequest { RequestId = requestId, FrontEndTimeUnixMs = FrontEnd.Now }, requestId);
        if (a.Flag("--json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(s, Json));
            return 0;
        }

        var c = CultureInfo.InvariantCulture;
        await stdout.WriteLineAsync(string.Create(c, $"protocol version  {s.ProtocolVersion}"));
        await stdout.WriteLineAsync(string.Create(c, $"signer time       {DateTimeOffset.FromUnixTimeMilliseconds(s.SignerTimeUnixMs):O} (offset from this host {s.ClockOffsetMs} ms)"));
        await stdout.WriteLineAsync(string.Create(c, $"up since          {DateTimeOffset.FromUnixTimeMilliseconds(s.StartedUnixMs):O}"));
        await stdout.WriteLineAsync(string.Create(c, $"issued            {s.IssuedTotal}"));
        await stdout.WriteLineAsync(string.Create(c, $"spool depth       {s.SpoolDepth}"));
        await stdout.WriteLineAsync($"last error        {s.LastError ?? "none"}");
        await stdout.WriteLineAsync($"openpgp ca key     {s.PgpFingerprint ?? "none"}");
        foreach (var crl in s.Crls)
        {
            await stdout.WriteLineAsync(string.Create(c, $"crl {crl.Root}: number {crl.Number}, next update {DateTimeOffset.FromUnixTimeMilliseconds(crl.NextUpdateUnixMs):O}"));
        }

        foreach (var r in s.Roots)
        {
            await stdout.WriteLineAsync(string.Create(c, $"root {r.Name}: {r.KeyAlgorithm}, valid until {DateTimeOffset.FromUnixTimeMilliseconds(r.NotAfterUnixMs):yyyy-MM-dd}, sha256 {r.CertificateSha256}"));
            await stdout.WriteLineAsync($"  profiles: {string.Join(", ", r.Profiles)}");
        }

        return 0;
    }
}
