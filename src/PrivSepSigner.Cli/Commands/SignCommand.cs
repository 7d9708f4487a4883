using System.CommandLine;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// `sign --link PATH --root NAME --profile NAME (--csr FILE | --spkac FILE [--subject TYPE=value]... [--san dns:x]...)
/// [--request-id ID] [--timeout S]`. A SPKAC carries no name, so its subject and SANs are given here.
/// </summary>
internal static class SignCommand
{
    public static Command Create()
    {
        var root = CliOptions.Root(required: true);
        var profile = CliOptions.Profile(required: true);
        var csr = new Option<string>("--csr") { HelpName = "FILE", Description = "a PKCS#10 request, PEM or DER" };
        var spkac = new Option<string>("--spkac") { HelpName = "FILE", Description = "a SPKAC (the SPKAC= line openssl spkac prints, or DER)" };
        var subject = new Option<string[]>("--subject") { HelpName = "TYPE=VALUE", Description = "with --spkac: a subject attribute (CN, O, OU, L, ST, C, emailAddress); repeatable" };
        var san = new Option<string[]>("--san") { HelpName = "KIND:VALUE", Description = "with --spkac: a subjectAltName dns:NAME, email:ADDR or ip:ADDR; repeatable" };
        var requestId = CliOptions.RequestId();
        var command = new Command("sign", "sign a CSR (or a SPKAC) under a root and profile; prints the certificate (PEM)") { root, profile, csr, spkac, subject, san, requestId };
        var link = new FrontEndOptions().AddTo(command);
        CrossChecks.Add(command, r =>
        {
            if (CrossChecks.Given(r, csr) == CrossChecks.Given(r, spkac))
            {
                r.AddError("give exactly one of --csr FILE or --spkac FILE");
            }
            else if (CrossChecks.Given(r, csr) && (CrossChecks.Given(r, subject) || CrossChecks.Given(r, san)))
            {
                r.AddError("--subject and --san go with --spkac (a CSR names its own subject)");
            }
        });
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            var id = p.GetValue(requestId) ?? FrontEnd.NewRequestId();
            var (rootName, profileName) = (p.GetRequiredValue(root), p.GetRequiredValue(profile));
            byte[] certificate;
            if (p.GetValue(csr) is { } csrFile)
            {
                var der = Pem.ReadCsr(csrFile);
                await using var front = link.Open(p);
                certificate = (await front.AskAsync<SignX509Response>(MessageType.SignX509Request, new SignX509Request
                {
                    RequestId = id,
                    FrontEndTimeUnixMs = FrontEnd.Now,
                    Root = rootName,
                    Profile = profileName,
                    Csr = der,
                }, id, ct)).Certificate;
            }
            else
            {
                var der = Pem.ReadSpkac(p.GetRequiredValue(spkac));
                await using var front = link.Open(p);
                certificate = (await front.AskAsync<SignSpkacResponse>(MessageType.SignSpkacRequest, new SignSpkacRequest
                {
                    RequestId = id,
                    FrontEndTimeUnixMs = FrontEnd.Now,
                    Root = rootName,
                    Profile = profileName,
                    Spkac = der,
                    Subject = p.GetValue(subject) ?? [],
                    Sans = p.GetValue(san) ?? [],
                }, id, ct)).Certificate;
            }

            await stdout.WriteAsync(Pem.Certificate(certificate));
            return 0;
        }));
        return command;
    }
}
