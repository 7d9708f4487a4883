using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Crls;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>What the CRL handlers share: which key version a request means, and how a CRL answer is spooled.</summary>
internal static class CrlAnswers
{
    /// <summary>The root's current version, or the retired one whose CA certificate has the given SHA-256; an error answer otherwise.</summary>
    public static Answer? Version(RootRegistry roots, string requestId, string root, string? issuerSha256, out SigningRoot? version)
    {
        version = null;
        if (roots.Find(root) is not { } current)
        {
            return Answer.UnknownRoot(requestId, root);
        }

        version = issuerSha256 is { } issuer ? roots.FindVersion(root, issuer) : current;
        return version is null
            ? Answer.Error(requestId, ErrorCode.InvalidRequest, $"issuerCertificateSha256: root \"{root}\" has no loaded key version with that CA certificate")
            : null;
    }

    /// <summary>A published CRL as the spool-internal answer naming its file; a CRL being made as RetryLater.</summary>
    public static Answer From(string requestId, CrlAnswer answer) => answer switch
    {
        CrlAnswer.Ready ready => new Answer(MessageType.PublishedCrlAnswer, MessageCodec.Serialize(new PublishedCrlAnswer
        {
            RequestId = requestId,
            Root = ready.Crl.Root,
            CrlSha256 = ready.Crl.Sha256,
            CrlLength = ready.Crl.Length,
            CrlNumber = ready.Crl.Number,
            BaseCrlNumber = ready.Crl.BaseNumber ?? 0,
            NextUpdateUnixMs = ready.Crl.NextUpdate.ToUnixTimeMilliseconds(),
        })),
        CrlAnswer.Pending pending => Answer.Error(requestId, ErrorCode.RetryLater, pending.Message),
        _ => throw new ArgumentOutOfRangeException(nameof(answer)),
    };
}
