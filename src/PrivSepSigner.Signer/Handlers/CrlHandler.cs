using PrivSepSigner.Protocol;
using PrivSepSigner.Signer.Crls;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers CrlRequest with the full CRL of a root's current key version (or of the retired
/// version the request names), or a delta CRL against the base the front end holds.
/// </summary>
internal sealed class CrlHandler : IRequestHandler
{
    private readonly RootRegistry roots;
    private readonly CrlService crls;

    public CrlHandler(RootRegistry roots, CrlService crls)
    {
        this.roots = roots;
        this.crls = crls;
    }

    public MessageType RequestType => MessageType.CrlRequest;

    public Answer Handle(ReadOnlyMemory<byte> body, Batch batch)
    {
        var request = MessageCodec.Deserialize<CrlRequest>(body);
        MessageValidator.Validate(request);
        if (roots.Find(request.Root) is not { } current)
        {
            return Answer.Error(request.RequestId, ErrorCode.UnknownRoot, $"root: no root named \"{request.Root}\"");
        }

        var version = request.IssuerCertificateSha256 is { } issuer ? roots.FindVersion(request.Root, issuer) : current;
        if (version is null)
        {
            return Answer.Error(request.RequestId, ErrorCode.InvalidRequest, $"issuerCertificateSha256: root \"{request.Root}\" has no loaded key version with that CA certificate");
        }

        State.StoredCrl crl;
        try
        {
            crl = request.Delta ? crls.Delta(version.CrlScope, request.BaseCrlNumber, batch.Now) : crls.Full(version.CrlScope, batch.Now);
        }
        catch (KeyNotFoundException e)
        {
            return Answer.Error(request.RequestId, ErrorCode.InvalidRequest, e.Message);
        }

        return new Answer(MessageType.CrlResponse, MessageCodec.Serialize(new CrlResponse
        {
            RequestId = request.RequestId,
            Root = request.Root,
            Crl = crl.Der,
            CrlNumber = crl.Number,
            BaseCrlNumber = crl.BaseNumber ?? 0,
            NextUpdateUnixMs = crl.NextUpdate.ToUnixTimeMilliseconds(),
        }));
    }
}
