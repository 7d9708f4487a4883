using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// `sign --link PATH --root NAME --profile NAME (--csr FILE | --spkac FILE [--subject TYPE=value]... [--san dns:x]...)
/// [--request-id ID] [--timeout S]`. A SPKAC carries no name, so its subject and SANs are given here.
/// </summary>
internal static class SignCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link", "--root", "--profile", "--csr", "--spkac", "--subject", "--san", "--request-id", "--timeout" }, new HashSet<string>());
        var requestId = a.Optional("--request-id") ?? FrontEnd.NewRequestId();
        var root = a.Required("--root");
        var profile = a.Required("--profile");
        if ((a.Optional("--csr") is null) == (a.Optional("--spkac") is null))
        {
            throw new UsageException("give exactly one of --csr FILE or --spkac FILE");
        }

        await using var link = FrontEnd.Open(a.Required("--link"), CliTimeouts.From(a));
        byte[] certificate;
        if (a.Optional("--csr") is { } csrFile)
        {
            certificate = (await link.AskAsync<SignX509Response>(MessageType.SignX509Request, new SignX509Request
            {
                RequestId = requestId,
                FrontEndTimeUnixMs = FrontEnd.Now,
                Root = root,
                Profile = profile,
                Csr = Pem.ReadCsr(csrFile),
            }, requestId)).Certificate;
        }
        else
        {
            certificate = (await link.AskAsync<SignSpkacResponse>(MessageType.SignSpkacRequest, new SignSpkacRequest
            {
                RequestId = requestId,
                FrontEndTimeUnixMs = FrontEnd.Now,
                Root = root,
                Profile = profile,
                Spkac = Pem.ReadSpkac(a.Required("--spkac")),
                Subject = [.. a.All("--subject")],
                Sans = [.. a.All("--san")],
            }, requestId)).Certificate;
        }

        await stdout.WriteAsync(Pem.Certificate(certificate));
        return 0;
    }
}
