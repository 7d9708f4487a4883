using System.Text.Json;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// `revoke --link PATH --root NAME (--serial S | --serials-file FILE) [--reason R] [--request-id ID] [--json]`.
/// A serials file (one serial per line, blank lines and # comments ignored; a key compromise or
/// a weak-key event) goes in RevokeBatchRequests of up to 1,000 serials, each answered per serial.
/// Exit 0 when every serial is revoked (now or already), 1 when any was unknown or refused.
/// </summary>
internal static class RevokeCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link", "--root", "--serial", "--serials-file", "--reason", "--request-id", "--timeout" }, new HashSet<string> { "--json" });
        var reasonName = a.Optional("--reason") ?? "unspecified";
        if (!RevocationReasons.ByName.TryGetValue(reasonName, out var reason))
        {
            throw new UsageException($"--reason is one of {string.Join(", ", RevocationReasons.ByName.Keys)}");
        }

        if ((a.Optional("--serial") is null) == (a.Optional("--serials-file") is null))
        {
            throw new UsageException("give --serial or --serials-file");
        }

        var root = a.Required("--root");
        var requestId = a.Optional("--request-id") ?? FrontEnd.NewRequestId();
        await using var link = FrontEnd.Open(a.Required("--link"), CliTimeouts.From(a));
        if (a.Optional("--serials-file") is { } file)
        {
            return await RevokeManyAsync(link, root, reason, ReadSerials(file), requestId, a.Flag("--json"), stdout);
        }

        var serial = SerialText.Normalize(a.Required("--serial"));
        var answer = await link.AskAsync<RevokeResponse>(MessageType.RevokeRequest, new RevokeRequest
        {
            RequestId = requestId,
            FrontEndTimeUnixMs = FrontEnd.Now,
            Root = root,
            SerialHex = serial,
            Reason = reason,
        }, requestId);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(answer.RevokedAtUnixMs);
        await stdout.WriteLineAsync(a.Flag("--json")
            ? JsonSerializer.Serialize(new { root = answer.Root, serial = answer.SerialHex, reason = RevocationReasons.Name(answer.Reason), revokedAt = at.ToString("O") })
            : answer.Reason == 8
                ? $"released {answer.Root} serial {answer.SerialHex} from hold at {at:O}"
                : $"revoked {answer.Root} serial {answer.SerialHex} at {at:O} reason {RevocationReasons.Name(answer.Reason)}");
        return 0;
    }

    private static async Task<int> RevokeManyAsync(FrontEnd link, string root, int reason, IReadOnlyList<string> serials, string requestId, bool json, TextWriter stdout)
    {
        var counts = new Dictionary<RevocationOutcome, int>();
        var part = 0;
        foreach (var chunk in serials.Chunk(MessageValidator.MaxBatchSerials))
        {
            // One id per part, derived from the command's: a rerun with --request-id resends the same parts.
            var id = $"{requestId}-{part++}";
            var answer = await link.AskAsync<RevokeBatchResponse>(MessageType.RevokeBatchRequest, new RevokeBatchRequest
            {
                RequestId = id,
                FrontEndTimeUnixMs = FrontEnd.Now,
                Root = root,
                Reason = reason,
                Serials = chunk,
            }, id);
            foreach (var r in answer.Results)
            {
                counts[r.Outcome] = counts.GetValueOrDefault(r.Outcome) + 1;
                await stdout.WriteLineAsync(json
                    ? JsonSerializer.Serialize(new { serial = r.SerialHex, outcome = Outcome(r.Outcome), reason = r.Reason < 0 ? null : RevocationReasons.Name(r.Reason), revokedAt = r.RevokedAtUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(r.RevokedAtUnixMs).ToString("O") : null })
                    : $"{r.SerialHex} {Outcome(r.Outcome)}");
            }
        }

        await Console.Error.WriteLineAsync($"privsep-signer revoke: {serials.Count} serials of {root}: " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value} {Outcome(c.Key)}")));
        return counts.Keys.Any(o => o is RevocationOutcome.Unknown or RevocationOutcome.Refused) ? 1 : 0;
    }

    private static IReadOnlyList<string> ReadSerials(string file)
    {
        var serials = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            var text = line.Split('#', 2)[0].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            string serial;
            try
            {
                serial = SerialText.Normalize(text);
            }
            catch (UsageException e)
            {
                throw new UsageException($"{file} line {number}: {e.Message}");
            }

            if (seen.Add(serial))
            {
                serials.Add(serial);
            }
        }

        return serials.Count > 0 ? serials : throw new UsageException($"{file} lists no serial");
    }

    private static string Outcome(RevocationOutcome outcome) => outcome switch
    {
        RevocationOutcome.Revoked => "revoked",
        RevocationOutcome.AlreadyRevoked => "already revoked",
        RevocationOutcome.Unknown => "unknown",
        RevocationOutcome.ReasonChanged => "reason changed",
        RevocationOutcome.Released => "released",
        RevocationOutcome.Refused => "refused",
        _ => outcome.ToString(),
    };
}
