using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Commands;

/// <summary>`sign --link PATH --root NAME --profile NAME --csr FILE [--request-id ID] [--timeout S]`.</summary>
internal static class SignCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link", "--root", "--profile", "--csr", "--request-id", "--timeout" }, new HashSet<string>());
        var csr = Pem.ReadCsr(a.Required("--csr"));
        var requestId = a.Optional("--request-id") ?? FrontEnd.NewRequestId();
        await using var link = FrontEnd.Open(a.Required("--link"), CliTimeouts.From(a));
        var answer = await link.AskAsync<SignX509Response>(MessageType.SignX509Request, new SignX509Request
        {
            RequestId = requestId,
            FrontEndTimeUnixMs = FrontEnd.Now,
            Root = a.Required("--root"),
            Profile = a.Required("--profile"),
            Csr = csr,
        }, requestId);
        await stdout.WriteAsync(Pem.Certificate(answer.Certificate));
        return 0;
    }
}
