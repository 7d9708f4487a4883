using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Client;

/// <summary>`show --link L --root R --serial S [--json]`: one issued certificate's record and the certificate (PEM).</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var root = CliOptions.Root(required: true);
        var serial = CliOptions.Serial(required: true);
        var json = CliOptions.Json();
        var command = new Command("show", "show one issued certificate by serial: its record and the certificate (PEM)") { root, serial, json };
        var link = new FrontEndOptions().AddTo(command);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            await using var front = link.Open(p);
            var id = FrontEnd.NewRequestId();
            var answer = await front.AskAsync<ShowCertificateResponse>(MessageType.ShowCertificateRequest, new ShowCertificateRequest
            {
                RequestId = id,
                FrontEndTimeUnixMs = FrontEnd.Now,
                Root = p.GetRequiredValue(root),
                SerialHex = p.GetRequiredValue(serial),
            }, id, ct);
            var view = CertificateView.Of(answer.Certificate, DateTimeOffset.UtcNow);
            var pem = Pem.Certificate(answer.Certificate.Certificate!);
            if (p.GetValue(json))
            {
                var node = JsonSerializer.SerializeToNode(view, CliJson.Indented)!.AsObject();
                node["certificate"] = pem;
                await stdout.WriteLineAsync(node.ToJsonString(CliJson.Indented));
                return 0;
            }

            foreach (var (name, value) in new (string, string?)[]
            {
                ("serial", view.Serial), ("root", view.Root), ("profile", view.Profile), ("subject", view.Subject), ("status", view.Status),
                ("not before", view.NotBefore), ("not after", view.NotAfter), ("issued at", view.IssuedAt),
                ("revoked at", view.RevokedAt ?? "-"), ("reason", view.RevocationReason ?? "-"), ("issuer sha256", view.Issuer),
            })
            {
                await stdout.WriteLineAsync($"{name,-14} {value}");
            }

            await stdout.WriteAsync(pem);
            return 0;
        }));
        return command;
    }
}
