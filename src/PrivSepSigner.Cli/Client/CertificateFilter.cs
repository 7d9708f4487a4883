using System.CommandLine;
using System.Runtime.CompilerServices;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// The filters of `list` and `export` (root, profile, status, expiry window), and the pager that
/// reads the signing host's listing one ListCertificatesRequest at a time, following its cursor:
/// memory here is one page, whatever the CA's size.
/// </summary>
internal sealed class CertificateFilter
{
    private readonly Option<string> root = CliOptions.Root(required: false, "only certificates of this root (default: every root)");
    private readonly Option<string> profile = CliOptions.Profile(required: false, "only certificates of this profile");
    private readonly Option<string> status = CliOptions.OneOf("--status", "only certificates of this status now", "any", "any", "valid", "revoked", "expired");
    private readonly Option<bool> revoked = new("--revoked") { Description = "only revoked certificates (the same as --status revoked)" };
    private readonly Option<DateTimeOffset?> expiresAfter = CliOptions.Time("--expires-after", "only certificates whose notAfter is at or after TIME");
    private readonly Option<DateTimeOffset?> expiresBefore = CliOptions.Time("--expires-before", "only certificates whose notAfter is before TIME");
    private readonly Option<int> pageSize = CliOptions.BoundedInt("--page-size", "N", "certificates asked for per request", 500, 1, MessageValidator.MaxListPage);

    public static CertificateFilter AddTo(Command command)
    {
        var f = new CertificateFilter();
        foreach (Option o in new Option[] { f.root, f.profile, f.status, f.revoked, f.expiresAfter, f.expiresBefore, f.pageSize })
        {
            command.Options.Add(o);
        }

        CrossChecks.Add(command, r =>
        {
            if (CrossChecks.Given(r, f.revoked) && CrossChecks.Given(r, f.status) && r.GetValue(f.status) != "revoked")
            {
                r.AddError("--revoked and --status say different things");
            }

            if (r.GetValue(f.expiresAfter) is { } a && r.GetValue(f.expiresBefore) is { } b && b <= a)
            {
                r.AddError("--expires-before must be after --expires-after");
            }
        });
        return f;
    }

    /// <summary>Every certificate that passes the filters, in the listing's order, one page at a time.</summary>
    public async IAsyncEnumerable<CertificateSummary> ReadAsync(ParseResult p, FrontEnd front, bool withCertificates, [EnumeratorCancellation] CancellationToken ct)
    {
        var statusFilter = p.GetValue(revoked) ? CertificateStatusFilter.Revoked : p.GetRequiredValue(status) switch
        {
            "valid" => CertificateStatusFilter.Valid,
            "revoked" => CertificateStatusFilter.Revoked,
            "expired" => CertificateStatusFilter.Expired,
            _ => CertificateStatusFilter.Any,
        };
        var after = string.Empty;
        while (true)
        {
            var id = FrontEnd.NewRequestId();
            var page = await front.AskAsync<ListCertificatesResponse>(MessageType.ListCertificatesRequest, new ListCertificatesRequest
            {
                RequestId = id,
                FrontEndTimeUnixMs = FrontEnd.Now,
                Root = p.GetValue(root),
                Profile = p.GetValue(profile),
                Status = statusFilter,
                NotAfterFromUnixMs = p.GetValue(expiresAfter)?.ToUnixTimeMilliseconds() ?? 0,
                NotAfterUntilUnixMs = p.GetValue(expiresBefore)?.ToUnixTimeMilliseconds() ?? 0,
                AfterSerialHex = after,
                Limit = p.GetValue(pageSize),
                IncludeCertificates = withCertificates,
            }, id, ct);
            foreach (var c in page.Certificates)
            {
                yield return c;
            }

            if (page.NextAfterSerialHex is not { } next)
            {
                yield break;
            }

            // The cursor must move on, or a confused server would keep this loop going for ever.
            if (string.CompareOrdinal(next, after) <= 0)
            {
                throw new ProtocolException(ErrorCode.Malformed, $"listing cursor went from \"{after}\" to \"{next}\", not forward");
            }

            after = next;
        }
    }
}
