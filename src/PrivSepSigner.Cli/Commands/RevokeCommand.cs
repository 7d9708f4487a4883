using System.CommandLine;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// `revoke --link PATH [--root NAME] (--serial HEX | --cert FILE) [--reason R] [--request-id ID]`
/// and `unhold ...` (the same request with reason 8, removeFromCRL: it releases a certificateHold,
/// RFC 5280 5.3.1; docs/protocol.md). With --cert the serial and the root come from the
/// certificate itself (its issuer is matched against the signing host's key versions).
/// </summary>
internal static class RevokeCommand
{
    public static Command Create()
    {
        var reason = new Option<string>("--reason")
        {
            HelpName = "REASON",
            Description = $"the RFC 5280 CRLReason: {string.Join(", ", CrlReasons.Revocable.Keys)} (default unspecified)",
            DefaultValueFactory = _ => "unspecified",
        };
        reason.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, [.. CrlReasons.Revocable.Keys]);
        var command = new Command("revoke", "revoke a certificate, by serial or by its file") { reason };
        var target = RevocationTarget.AddTo(command);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            var name = p.GetRequiredValue(reason);
            var code = CrlReasons.Revocable[name];
            var answer = await target.SendAsync(p, code, ct);
            await stdout.WriteLineAsync($"revoked {answer.Root} serial {answer.SerialHex} at {IsoTime.Of(answer.RevokedAtUnixMs)} reason {CrlReasons.NameOf(answer.Reason)}");
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
            var answer = await target.SendAsync(p, CrlReasons.RemoveFromCrl, ct);
            await stdout.WriteLineAsync($"released the hold on {answer.Root} serial {answer.SerialHex} at {IsoTime.Of(answer.RevokedAtUnixMs)}");
            return 0;
        }));
        return command;
    }
}
