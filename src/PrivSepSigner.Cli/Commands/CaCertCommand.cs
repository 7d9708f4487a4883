using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Commands;

/// <summary>`ca-cert --link PATH --root NAME`: the root's certificate as PEM.</summary>
internal static class CaCertCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link", "--root", "--timeout" }, new HashSet<string>());
        var requestId = FrontEnd.NewRequestId();
        await using var link = FrontEnd.Open(a.Required("--link"), CliTimeouts.From(a));
        var answer = await link.AskAsync<CaCertResponse>(MessageType.CaCertRequest, new CaCertRequest
        {
            RequestId = requestId,
            FrontEndTimeUnixMs = FrontEnd.Now,
            Root = a.Required("--root"),
        }, requestId);
        await stdout.WriteAsync(Pem.Certificate(answer.Certificate));
        return 0;
    }
}
