using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Commands;

/// <summary>`revoke --link PATH --root NAME --serial HEX [--reason R] [--request-id ID]`.</summary>
internal static class RevokeCommand
{
    /// <summary>RFC 5280 5.3.1 CRLReason names, as openssl spells them.</summary>
    private static readonly Dictionary<string, int> Reasons = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unspecified"] = 0,
        ["keyCompromise"] = 1,
        ["cACompromise"] = 2,
        ["affiliationChanged"] = 3,
        ["superseded"] = 4,
        ["cessationOfOperation"] = 5,
        ["certificateHold"] = 6,
        ["privilegeWithdrawn"] = 9,
        ["aACompromise"] = 10,
    };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link", "--root", "--serial", "--reason", "--request-id", "--timeout" }, new HashSet<string>());
        var reasonName = a.Optional("--reason") ?? "unspecified";
        if (!Reasons.TryGetValue(reasonName, out var reason))
        {
            throw new UsageException($"--reason is one of {string.Join(", ", Reasons.Keys)}");
        }

        var serial = a.Required("--serial").ToLowerInvariant().TrimStart('0');
        var requestId = a.Optional("--request-id") ?? FrontEnd.NewRequestId();
        await using var link = FrontEnd.Open(a.Required("--link"), CliTimeouts.From(a));
        var answer = await link.AskAsync<RevokeResponse>(MessageType.RevokeRequest, new RevokeRequest
        {
            RequestId = requestId,
            FrontEndTimeUnixMs = FrontEnd.Now,
            Root = a.Required("--root"),
            SerialHex = serial,
            Reason = reason,
        }, requestId);
        await stdout.WriteLineAsync($"revoked {answer.Root} serial {answer.SerialHex} at {DateTimeOffset.FromUnixTimeMilliseconds(answer.RevokedAtUnixMs):O} reason {reasonName}");
        return 0;
    }
}
