using System.Text;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Commands;

/// <summary>`pgp-sign --link PATH --key FILE [--uid UID]...` and `pgp-ca-key --link PATH`: armored keys on stdout.</summary>
internal static class PgpCommands
{
    public static async Task<int> SignAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link", "--key", "--uid", "--request-id", "--timeout" }, new HashSet<string>());
        var key = InputFile.Read(Path.GetFullPath(a.Required("--key")), MessageValidator.MaxPgpKeyBytes, "an OpenPGP public key");

        var requestId = a.Optional("--request-id") ?? FrontEnd.NewRequestId();
        await using var link = FrontEnd.Open(a.Required("--link"), CliTimeouts.From(a));
        var answer = await link.AskAsync<PgpSignResponse>(MessageType.PgpSignRequest, new PgpSignRequest
        {
            RequestId = requestId,
            FrontEndTimeUnixMs = FrontEnd.Now,
            PublicKey = key,
            UserIds = [.. a.All("--uid")],
        }, requestId);
        await stdout.WriteAsync(Encoding.ASCII.GetString(answer.CertifiedKey));
        return 0;
    }

    public static async Task<int> CaKeyAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link", "--timeout" }, new HashSet<string>());
        var requestId = FrontEnd.NewRequestId();
        await using var link = FrontEnd.Open(a.Required("--link"), CliTimeouts.From(a));
        var answer = await link.AskAsync<PgpCaKeyResponse>(MessageType.PgpCaKeyRequest, new PgpCaKeyRequest { RequestId = requestId, FrontEndTimeUnixMs = FrontEnd.Now }, requestId);
        await stdout.WriteAsync(Encoding.ASCII.GetString(answer.PublicKey));
        return 0;
    }
}
