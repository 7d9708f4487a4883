using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Protocol;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;
using PrivSepSigner.Signer.State;
using Serilog;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// What the two revocation handlers share: the stored answer to a request id seen before, the
/// root check, the state of a certificate, and the audit log.
/// </summary>
internal sealed class RevocationDesk(RootRegistry roots, IssuanceDatabase database, ILogger log)
{
    public ILogger Log => log;

    /// <summary>
    /// The answer before anything is decided: the stored one for a request id seen before (a
    /// conflict error if it named another request), or an error for an unknown root; null to go on.
    /// </summary>
    public Answer? Prelude(Batch batch, string requestId, string root, string fingerprint, string what)
    {
        if (StoredAnswers.Resend(batch, database, requestId, fingerprint) is { } earlier)
        {
            return earlier;
        }

        if (roots.Find(root) is null)
        {
            log.Warning("audit: refused {What} {RequestId}: no root named {Root}", what, requestId, root);
            return Answer.UnknownRoot(requestId, root);
        }

        return null;
    }

    public CertificateStatus? Find(string root, string serialHex) => database.FindCertificate(root, serialHex);

    /// <summary>What a request's answer is stored under: its kind and every field that decides it.</summary>
    public static string Fingerprint(params object[] fields) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', fields))));
}
