using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// `crl --link PATH --root NAME [--delta [--base N] | --issue | --status [--json]] [--issuer SHA256] [--out FILE]`:
/// the current full CRL of the root's current key version (or, with --issuer, of the retired
/// version whose CA certificate has that SHA-256); with --delta a delta CRL (RFC 5280 5.2.4)
/// against the full CRL the front end holds (--base; default the current one); with --issue a
/// new full CRL listing everything revoked so far (the operator's "issue a CRL now"). Printed as
/// PEM, or written as DER to --out. --status prints the CRL policy and where the bases and deltas stand.
/// </summary>
internal static class CrlCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string> { "--link", "--root", "--base", "--issuer", "--timeout", "--out" }, new HashSet<string> { "--delta", "--issue", "--status", "--json" });
        var baseNumber = a.Optional("--base") is { } b
            ? long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new UsageException("--base takes a CRL number")
            : 0;
        if (baseNumber != 0 && !a.Flag("--delta"))
        {
            throw new UsageException("--base goes with --delta");
        }

        if (new[] { a.Flag("--delta"), a.Flag("--issue"), a.Flag("--status") }.Count(f => f) > 1)
        {
            throw new UsageException("--delta, --issue and --status exclude each other");
        }

        var root = a.Required("--root");
        var issuer = a.Optional("--issuer")?.ToLowerInvariant();
        var requestId = FrontEnd.NewRequestId();
        await using var link = FrontEnd.Open(a.Required("--link"), CliTimeouts.From(a));
        if (a.Flag("--status"))
        {
            var status = await link.AskAsync<CrlStatusResponse>(MessageType.CrlStatusRequest, new CrlStatusRequest { RequestId = requestId, FrontEndTimeUnixMs = FrontEnd.Now, Root = root }, requestId);
            await WriteStatusAsync(status, a.Flag("--json"), stdout);
            return 0;
        }

        var answer = a.Flag("--issue")
            ? await link.AskAsync<CrlResponse>(MessageType.IssueCrlRequest, new IssueCrlRequest { RequestId = requestId, FrontEndTimeUnixMs = FrontEnd.Now, Root = root, IssuerCertificateSha256 = issuer }, requestId)
            : await link.AskAsync<CrlResponse>(MessageType.CrlRequest, new CrlRequest
            {
                RequestId = requestId,
                FrontEndTimeUnixMs = FrontEnd.Now,
                Root = root,
                Delta = a.Flag("--delta"),
                BaseCrlNumber = baseNumber,
                IssuerCertificateSha256 = issuer,
            }, requestId);
        if (a.Optional("--out") is { } file)
        {
            await File.WriteAllBytesAsync(file, answer.Crl);
            await Console.Error.WriteLineAsync($"privsep-signer crl: CRL number {answer.CrlNumber}{(answer.BaseCrlNumber > 0 ? $" (delta against {answer.BaseCrlNumber})" : "")} of {root}, {answer.Crl.Length} bytes, written to {file}");
        }
        else
        {
            await stdout.WriteAsync(new string(PemEncoding.Write("X509 CRL", answer.Crl)) + "\n");
        }

        return 0;
    }

    private static async Task WriteStatusAsync(CrlStatusResponse s, bool json, TextWriter stdout)
    {
        static string? Time(long ms) => ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O") : null;
        if (json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(new
            {
                root = s.Root,
                validityHours = s.ValidityHours,
                resignBeforeHours = s.ResignBeforeHours,
                deltaValidityHours = s.DeltaValidityHours,
                versions = s.Versions.Select(v => new
                {
                    issuerCertificateSha256 = v.IssuerCertificateSha256,
                    baseNumber = v.BaseNumber,
                    baseThisUpdate = Time(v.BaseThisUpdateUnixMs),
                    baseNextUpdate = Time(v.BaseNextUpdateUnixMs),
                    baseEntries = v.BaseEntries,
                    deltasSinceBase = v.DeltasSinceBase,
                    latestDeltaNumber = v.LatestDeltaNumber,
                    changesSinceBase = v.ChangesSinceBase,
                }),
            }));
            return;
        }

        await stdout.WriteLineAsync($"root {s.Root}: a full CRL is valid {s.ValidityHours} h and re-signed {s.ResignBeforeHours} h before its nextUpdate (or on `crl --issue`); a delta is valid {s.DeltaValidityHours} h and lists every change since its base");
        foreach (var v in s.Versions)
        {
            await stdout.WriteLineAsync(v.BaseNumber == 0
                ? $"  key version {v.IssuerCertificateSha256[..16]}: no full CRL yet"
                : $"  key version {v.IssuerCertificateSha256[..16]}: base {v.BaseNumber} of {Time(v.BaseThisUpdateUnixMs)} ({v.BaseEntries} entries, next update {Time(v.BaseNextUpdateUnixMs)}); {v.DeltasSinceBase} deltas since (latest {v.LatestDeltaNumber}); {v.ChangesSinceBase} changes since the base");
        }
    }
}
