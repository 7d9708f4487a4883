using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// `crl --link PATH --root NAME [--delta [--base N] | --issue | --status [--json]] [--issuer SHA256] [--out FILE]`:
/// the current full CRL of the root's current key version (or, with --issuer, of the retired
/// version whose CA certificate has that SHA-256); with --delta a delta CRL (RFC 5280 5.2.4)
/// against the full CRL the relying party holds (--base; default the current one); with --issue
/// a new full CRL listing everything revoked so far (the operator's "issue a CRL now"). Printed as
/// PEM, or written as DER to --out. --status prints the CRL policy and where bases and deltas stand.
/// A CRL being made is waited for (the signer answers "retry later" meanwhile) up to --timeout.
/// </summary>
internal static class CrlCommand
{
    public static Command Create()
    {
        var root = CliOptions.Root(required: true);
        var delta = new Option<bool>("--delta") { Description = "a delta CRL (RFC 5280 5.2.4): every change since its base" };
        var baseNumber = new Option<long>("--base") { HelpName = "N", Description = "with --delta: the full CRL number the relying party holds (default: the current one)" };
        baseNumber.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() <= 0)
            {
                r.AddError("--base takes a CRL number (> 0)");
            }
        });
        var issue = new Option<bool>("--issue") { Description = "a new full CRL now, listing everything revoked so far (the same one if nothing changed)" };
        var status = new Option<bool>("--status") { Description = "the CRL policy, the current base and the deltas since, per key version" };
        var json = CliOptions.Json();
        var output = new Option<string>("--out") { HelpName = "FILE", Description = "write the CRL as DER to FILE instead of PEM to stdout" };
        var issuer = CliOptions.Issuer("the SHA-256 of a retired key version's CA certificate: that version's CRL");
        var command = new Command("crl", "print a full, delta or newly issued CRL (PEM, or DER to a file), or the CRL status") { root, delta, baseNumber, issue, status, json, output, issuer };
        CrossChecks.Add(command, r =>
        {
            if (CrossChecks.Given(r, baseNumber) && !CrossChecks.Given(r, delta))
            {
                r.AddError("--base goes with --delta");
            }

            if (new[] { delta, issue, status }.Count(o => CrossChecks.Given(r, o)) > 1)
            {
                r.AddError("--delta, --issue and --status exclude each other");
            }
        });
        var link = new FrontEndOptions().AddTo(command);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            var requestId = FrontEnd.NewRequestId();
            var rootName = p.GetRequiredValue(root);
            await using var front = link.Open(p);
            if (p.GetValue(status))
            {
                var s = await front.AskAsync<CrlStatusResponse>(MessageType.CrlStatusRequest, new CrlStatusRequest { RequestId = requestId, FrontEndTimeUnixMs = FrontEnd.Now, Root = rootName }, requestId, ct);
                await WriteStatusAsync(s, p.GetValue(json), stdout);
                return 0;
            }

            var answer = p.GetValue(issue)
                ? await front.AskAsync<CrlResponse>(MessageType.IssueCrlRequest, new IssueCrlRequest { RequestId = requestId, FrontEndTimeUnixMs = FrontEnd.Now, Root = rootName, IssuerCertificateSha256 = p.GetValue(issuer) }, requestId, ct)
                : await front.AskAsync<CrlResponse>(MessageType.CrlRequest, new CrlRequest
                {
                    RequestId = requestId,
                    FrontEndTimeUnixMs = FrontEnd.Now,
                    Root = rootName,
                    Delta = p.GetValue(delta),
                    BaseCrlNumber = p.GetValue(baseNumber),
                    IssuerCertificateSha256 = p.GetValue(issuer),
                }, requestId, ct);
            if (p.GetValue(output) is { } file)
            {
                await File.WriteAllBytesAsync(file, answer.Crl, ct);
                await Console.Error.WriteLineAsync($"privsep-signer crl: CRL number {answer.CrlNumber}{(answer.BaseCrlNumber > 0 ? $" (delta against {answer.BaseCrlNumber})" : "")} of {rootName}, {answer.Crl.Length} bytes, written to {file}");
            }
            else
            {
                await stdout.WriteAsync(new string(PemEncoding.Write("X509 CRL", answer.Crl)) + "\n");
            }

            return 0;
        }));
        return command;
    }

    private static async Task WriteStatusAsync(CrlStatusResponse s, bool json, TextWriter stdout)
    {
        static string? Time(long ms) => ms > 0 ? IsoTime.Of(ms) : null;
        if (json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(
                new
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
                },
                CliJson.Indented));
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
