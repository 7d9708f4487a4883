using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers ListCertificatesRequest with one page of the issuance database (public data: what was
/// issued and revoked). The work per request is bounded three ways: the rows read (a window of
/// the serial index after the cursor, however sparse the filters), the entries returned
/// (the request's limit) and the answer's size (one frame). A filter that matches little gives
/// short pages with a cursor, never a long scan; the client follows the cursor.
/// </summary>
internal sealed class ListCertificatesHandler : RequestHandler<ListCertificatesRequest>
{
    /// <summary>Most rows read for one page.</summary>
    public const int MaxScanRows = 4096;

    /// <summary>Most rows read for one page that carries certificates (each ~1-2 KB).</summary>
    public const int MaxScanRowsWithCertificates = 256;

    /// <summary>The answer's body must fit one frame: the limit less the envelope (request id, cursor, headers).</summary>
    public const int BodyBudget = ProtocolLimits.MaxBody - 256;

    private readonly IssuanceDatabase database;

    public ListCertificatesHandler(IssuanceDatabase database) => this.database = database;

    public override MessageType RequestType => MessageType.ListCertificatesRequest;

    protected override Answer Handle(ListCertificatesRequest request, Batch batch, DateTimeOffset received)
    {
        var window = Math.Clamp(request.Limit * 4, 64, request.IncludeCertificates ? MaxScanRowsWithCertificates : MaxScanRows);
        var rows = database.CertificatesAfter(request.AfterSerialHex, window, request.IncludeCertificates);
        var page = new List<CertificateSummary>();
        var size = 0;
        string? lastTaken = null;
        var full = false;
        foreach (var row in rows)
        {
            if (!Matches(row, request, batch.Now))
            {
                lastTaken = row.SerialHex;
                continue;
            }

            var summary = CertificateSummaries.From(row);
            var bytes = MessageCodec.Serialize(summary).Length;
            if (page.Count == request.Limit || size + bytes > BodyBudget)
            {
                full = true;
                break;
            }

            page.Add(summary);
            size += bytes;
            lastTaken = row.SerialHex;
        }

        if (page.Count == 0 && full)
        {
            return Answer.Error(request.RequestId, ErrorCode.Internal, "a single certificate does not fit one answer frame");
        }

        // More may follow when the page stopped early or the window was read to its end.
        var next = full || rows.Count == window ? lastTaken : null;
        return new Answer(MessageType.ListCertificatesResponse, MessageCodec.Serialize(new ListCertificatesResponse
        {
            RequestId = request.RequestId,
            Certificates = [.. page],
            NextAfterSerialHex = next,
        }));
    }

    private static bool Matches(ListedCertificate c, ListCertificatesRequest r, DateTimeOffset now)
    {
        var notAfter = c.NotAfter.ToUnixTimeMilliseconds();
        return (r.Root is null || c.Root == r.Root)
            && (r.Profile is null || c.Profile == r.Profile)
            && notAfter >= r.NotAfterFromUnixMs
            && (r.NotAfterUntilUnixMs == 0 || notAfter < r.NotAfterUntilUnixMs)
            && r.Status switch
            {
                CertificateStatusFilter.Valid => c.RevokedAt is null && c.NotAfter >= now,
                CertificateStatusFilter.Revoked => c.RevokedAt is not null,
                CertificateStatusFilter.Expired => c.RevokedAt is null && c.NotAfter < now,
                _ => true,
            };
    }
}
