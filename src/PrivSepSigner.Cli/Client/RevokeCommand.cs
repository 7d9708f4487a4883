using System.CommandLine;
using System.Text.Json;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// `revoke --link PATH [--root NAME] (--serial HEX | --cert FILE | --serials-file FILE) [--reason R] [--request-id ID] [--json]`
/// and `unhold ...` (the same request with reason 8, removeFromCRL: it releases a certificateHold,
/// RFC 5280 5.3.1; docs/protocol.md). With --cert the serial and the root come from the
/// certificate itself (its issuer is matched against the signing host's key versions). A
/// serials file (one serial per line in any of --serial's forms; blank lines and # comments
/// ignored) is a mass revocation: RevokeBatchRequests of up to 1,000 serials, answered serial
/// by serial; exit 0 when every serial is revoked (now or already), 1 when any was unknown or refused.
/// </summary>
internal static class RevokeCommand
{
    public static Command Create()
    {
        var reason = new Option<string>("--reason")
        {
            HelpName = "REASON",
            Description = $"the RFC 5280 CRLReason: {string.Join(", ", RevocationReasons.Revocable.Keys)} (default unspecified); a repeat with the same reason changes nothing, a later one may raise it to a compromise",
            DefaultValueFactory = _ => "unspecified",
        };
        reason.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, [.. RevocationReasons.Revocable.Keys]);
        var serialsFile = new Option<string>("--serials-file") { HelpName = "FILE", Description = "revoke every serial listed in FILE, one per line (a mass revocation, answered per serial)" };
        var json = CliOptions.Json();
        var command = new Command("revoke", "revoke a certificate, by serial or by its file, or many from a list of serials") { reason, json };
        var target = RevocationTarget.AddTo(command, serialsFile);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            var code = RevocationReasons.Revocable[p.GetRequiredValue(reason)];
            if (p.GetValue(serialsFile) is { } file)
            {
                return await RevokeManyAsync(target, p, code, ReadSerials(file), p.GetValue(json), stdout, ct);
            }

            var answer = await target.SendAsync(p, code, ct);
            await stdout.WriteLineAsync(p.GetValue(json)
                ? JsonSerializer.Serialize(new { root = answer.Root, serial = answer.SerialHex, reason = RevocationReasons.NameOf(answer.Reason), revokedAt = IsoTime.Of(answer.RevokedAtUnixMs) }, CliJson.Compact)
                : $"revoked {answer.Root} serial {answer.SerialHex} at {IsoTime.Of(answer.RevokedAtUnixMs)} reason {RevocationReasons.NameOf(answer.Reason)}");
            return 0;
        }));
        return command;
    }

    public static Command CreateUnhold()
    {
        var command = new Command("unhold", "release a certificateHold (a RevokeRequest with reason removeFromCRL)");
        var target = RevocationTarget.AddTo(command);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            var answer = await target.SendAsync(p, RevocationReasons.RemoveFromCrl, ct);
            await stdout.WriteLineAsync($"released the hold on {answer.Root} serial {answer.SerialHex} at {IsoTime.Of(answer.RevokedAtUnixMs)}");
            return 0;
        }));
        return command;
    }

    private static async Task<int> RevokeManyAsync(RevocationTarget target, ParseResult p, int reason, IReadOnlyList<string> serials, bool json, TextWriter stdout, CancellationToken ct)
    {
        var counts = new Dictionary<RevocationOutcome, int>();
        var root = target.RootOf(p);
        await foreach (var answer in target.SendManyAsync(p, reason, serials, ct))
        {
            foreach (var r in answer.Results)
            {
                counts[r.Outcome] = counts.GetValueOrDefault(r.Outcome) + 1;
                await stdout.WriteLineAsync(json
                    ? JsonSerializer.Serialize(new { serial = r.SerialHex, outcome = Outcome(r.Outcome), reason = RevocationReasons.NameOf(r.Reason), revokedAt = r.RevokedAtUnixMs > 0 ? IsoTime.Of(r.RevokedAtUnixMs) : null }, CliJson.Compact)
                    : $"{r.SerialHex} {Outcome(r.Outcome)}");
            }
        }

        await Console.Error.WriteLineAsync($"privsep-signer revoke: {serials.Count} serials of {root}: " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value} {Outcome(c.Key)}")));
        return counts.Keys.Any(o => o is RevocationOutcome.Unknown or RevocationOutcome.Refused) ? 1 : 0;
    }

    /// <summary>The serials of a file, normalized and each once; a line that is not a serial is a usage error naming it.</summary>
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

            if (!SerialNumberText.TryNormalize(text, out var serial, out var error))
            {
                throw new UsageException($"{file} line {number}: {error}");
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
