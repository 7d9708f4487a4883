using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers StatusRequest: health and metadata a front end monitors. No secrets.</summary>
internal sealed class StatusHandler : RequestHandler<StatusRequest>
{
    private readonly RootRegistry roots;
    private readonly IssuanceDatabase database;
    private readonly SignerStatus status;
    private readonly string? pgpFingerprint;

    public StatusHandler(RootRegistry roots, IssuanceDatabase database, SignerStatus status, string? pgpFingerprint)
    {
        this.roots = roots;
        this.database = database;
        this.status = status;
        this.pgpFingerprint = pgpFingerprint;
    }

    public override MessageType RequestType => MessageType.StatusRequest;

    protected override Answer Handle(StatusRequest request, Batch batch, DateTimeOffset received)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new Answer(MessageType.StatusResponse, MessageCodec.Serialize(new StatusResponse
        {
            RequestId = request.RequestId,
            ProtocolVersion = ProtocolLimits.Version,
            SignerTimeUnixMs = now,
            ClockOffsetMs = now - request.FrontEndTimeUnixMs,
            SpoolDepth = status.SpoolDepth,
            LastError = status.LastError,
            IssuedTotal = database.IssuedCount + batch.Issued.Count,
            StartedUnixMs = status.StartedAt.ToUnixTimeMilliseconds(),
            Roots = roots.All.Select(r => new RootStatus
            {
                Name = r.Name,
                KeyAlgorithm = r.Issuer.KeyDescription,
                CertificateSha256 = r.Issuer.CertificateSha256Hex,
                Profiles = r.Profiles.Keys.Order(StringComparer.Ordinal).ToArray(),
                NotAfterUnixMs = r.Issuer.NotAfter.ToUnixTimeMilliseconds(),
            }).ToArray(),
            Crls = roots.All
                .Select(r => database.FindFullCrl(r.CrlScope))
                .OfType<StoredCrl>()
                .Select(c => new CrlStatus { Root = c.Root, Number = c.Number, NextUpdateUnixMs = c.NextUpdate.ToUnixTimeMilliseconds() })
                .ToArray(),
            PgpFingerprint = pgpFingerprint,
        }));
    }
}
