using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Idempotency by request id, the one rule for every request that changes state: an id seen
/// before (in this batch, the one still being committed, or the database) gets the answer it
/// got then, never a second certificate or revocation; the same id with other content is a
/// front-end bug and is refused.
/// </summary>
internal static class StoredAnswers
{
    /// <summary>The earlier answer to send again, a RequestIdConflict error (its <see cref="Answer.Refusal"/> set), or null for an id not seen before.</summary>
    public static Answer? Resend(Batch batch, IssuanceDatabase database, string requestId, string fingerprint)
    {
        if ((batch.FindAnswer(requestId) ?? database.FindAnswer(requestId)) is not { } earlier)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(earlier.Fingerprint), Encoding.ASCII.GetBytes(fingerprint))
            ? new Answer((MessageType)earlier.ResponseType, earlier.Response)
            : Answer.Error(requestId, ErrorCode.RequestIdConflict, "requestId: already used for a different request");
    }
}
