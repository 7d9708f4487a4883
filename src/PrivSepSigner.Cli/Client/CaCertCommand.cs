using System.CommandLine;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// `ca-cert --link PATH --root NAME [--issuer SHA256]`: the root's current certificate as PEM,
/// or with --issuer the certificate of the (retired) key version whose certificate has that SHA-256.
/// </summary>
internal static class CaCertCommand
{
    public static Command Create()
    {
        var root = CliOptions.Root(required: true);
        var issuer = CliOptions.Issuer("the SHA-256 of a key version's CA certificate (`status` lists them): that version's certificate");
        var command = new Command("ca-cert", "print a root's certificate (PEM), or a retired key version's with --issuer") { root, issuer };
        var link = new FrontEndOptions().AddTo(command);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            var requestId = FrontEnd.NewRequestId();
            await using var front = link.Open(p);
            if (p.GetValue(issuer) is { } sha256)
            {
                var versions = await front.AskAsync<RootVersionsResponse>(MessageType.RootVersionsRequest, new RootVersionsRequest
                {
                    RequestId = requestId,
                    FrontEndTimeUnixMs = FrontEnd.Now,
                    Root = p.GetRequiredValue(root),
                    IssuerCertificateSha256 = sha256,
                }, requestId, ct);
                await stdout.WriteAsync(Pem.Certificate(versions.Versions.Single(v => v.CertificateSha256 == sha256).Certificate));
                return 0;
            }

            var answer = await front.AskAsync<CaCertResponse>(MessageType.CaCertRequest, new CaCertRequest
            {
                RequestId = requestId,
                FrontEndTimeUnixMs = FrontEnd.Now,
                Root = p.GetRequiredValue(root),
            }, requestId, ct);
            await stdout.WriteAsync(Pem.Certificate(answer.Certificate));
            return 0;
        }));
        return command;
    }
}
