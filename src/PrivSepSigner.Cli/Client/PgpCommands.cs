using System.CommandLine;
using System.Text;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Cli.Client;

/// <summary>`pgp-sign --link PATH --key FILE [--uid UID]...` and `pgp-ca-key --link PATH`: armored keys on stdout.</summary>
internal static class PgpCommands
{
    public static Command CreateSign()
    {
        var key = new Option<string>("--key") { Required = true, HelpName = "FILE", Description = "the OpenPGP public key (binary or armored)" };
        var uid = new Option<string[]>("--uid") { HelpName = "UID", Description = "a user ID to certify; repeatable (default: every user ID with a valid self-signature)" };
        var requestId = CliOptions.RequestId();
        var command = new Command("pgp-sign", "certify user IDs of an OpenPGP key; prints the certified key (armored)") { key, uid, requestId };
        var link = new FrontEndOptions().AddTo(command);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            var publicKey = InputFile.Read(Path.GetFullPath(p.GetRequiredValue(key)), MessageValidator.MaxPgpKeyBytes, "an OpenPGP public key");
            var id = p.GetValue(requestId) ?? FrontEnd.NewRequestId();
            await using var front = link.Open(p);
            var answer = await front.AskAsync<PgpSignResponse>(MessageType.PgpSignRequest, new PgpSignRequest
            {
                RequestId = id,
                FrontEndTimeUnixMs = FrontEnd.Now,
                PublicKey = publicKey,
                UserIds = p.GetValue(uid) ?? [],
            }, id, ct);
            await stdout.WriteAsync(Encoding.ASCII.GetString(answer.CertifiedKey));
            return 0;
        }));
        return command;
    }

    public static Command CreateCaKey()
    {
        var command = new Command("pgp-ca-key", "print the CA's OpenPGP public key (armored)");
        var link = new FrontEndOptions().AddTo(command);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            var id = FrontEnd.NewRequestId();
            await using var front = link.Open(p);
            var answer = await front.AskAsync<PgpCaKeyResponse>(MessageType.PgpCaKeyRequest, new PgpCaKeyRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now }, id, ct);
            await stdout.WriteAsync(Encoding.ASCII.GetString(answer.PublicKey));
            return 0;
        }));
        return command;
    }
}
