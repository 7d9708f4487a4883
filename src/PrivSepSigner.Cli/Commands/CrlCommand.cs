using System.CommandLine;
using System.Security.Cryptography;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// `crl --link PATH --root NAME [--delta] [--base N] [--issuer SHA256]`: the full CRL of the
/// root's current key version (or, with --issuer, of the retired version whose CA
/// certificate has that SHA-256), or with --delta a delta CRL (RFC 5280 5.2.4) against the
/// full CRL number the front end holds (--base; default the current one), as PEM.
/// </summary>
internal static class CrlCommand
{
    public static Command Create()
    {
        var root = CliOptions.Root(required: true);
        var delta = new Option<bool>("--delta") { Description = "a delta CRL (RFC 5280 5.2.4) instead of the full one" };
        var baseNumber = new Option<long>("--base") { HelpName = "N", Description = "with --delta: the full CRL number the relying party holds (default: the current one)" };
        baseNumber.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() <= 0)
            {
                r.AddError("--base takes a CRL number (> 0)");
            }
        });
        var issuer = CliOptions.Issuer("the SHA-256 of a retired key version's CA certificate: that version's CRL");
        var command = new Command("crl", "print a full or delta CRL (PEM)") { root, delta, baseNumber, issuer };
        CrossChecks.Add(command, r =>
        {
            if (CrossChecks.Given(r, baseNumber) && !CrossChecks.Given(r, delta))
            {
                r.AddError("--base goes with --delta");
            }
        });
        var link = new FrontEndOptions().AddTo(command);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            var requestId = FrontEnd.NewRequestId();
            await using var front = link.Open(p);
            var answer = await front.AskAsync<CrlResponse>(MessageType.CrlRequest, new CrlRequest
            {
                RequestId = requestId,
                FrontEndTimeUnixMs = FrontEnd.Now,
                Root = p.GetRequiredValue(root),
                Delta = p.GetValue(delta),
                BaseCrlNumber = p.GetValue(baseNumber),
                IssuerCertificateSha256 = p.GetValue(issuer),
            }, requestId, ct);
            await stdout.WriteAsync(new string(PemEncoding.Write("X509 CRL", answer.Crl)) + "\n");
            return 0;
        }));
        return command;
    }
}
