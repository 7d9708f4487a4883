using System.Globalization;
using System.Security.Cryptography;
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
    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link", "--root", "--base", "--issuer", "--timeout" }, new HashSet<string> { "--delta" });
        var baseNumber = a.Optional("--base") is { } b
            ? long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new UsageException("--base takes a CRL number")
            : 0;
        if (baseNumber != 0 && !a.Flag("--delta"))
        {
            throw new UsageException("--base goes with --delta");
        }

        var requestId = FrontEnd.NewRequestId();
        await using var link = FrontEnd.Open(a.Required("--link"), CliTimeouts.From(a));
        var answer = await link.AskAsync<CrlResponse>(MessageType.CrlRequest, new CrlRequest
        {
            RequestId = requestId,
            FrontEndTimeUnixMs = FrontEnd.Now,
            Root = a.Required("--root"),
            Delta = a.Flag("--delta"),
            BaseCrlNumber = baseNumber,
            IssuerCertificateSha256 = a.Optional("--issuer")?.ToLowerInvariant(),
        }, requestId);
        await stdout.WriteAsync(new string(PemEncoding.Write("X509 CRL", answer.Crl)) + "\n");
        return 0;
    }
}
