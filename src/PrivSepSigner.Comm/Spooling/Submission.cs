using PrivSepSigner.Comm.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Comm.Spooling;

/// <summary>One screened request waiting to be group-committed into the spool.</summary>
internal sealed record Submission(string RequestId, MessageType Type, byte[] Body, IAnswerChannel Reply, TaskCompletionSource<ErrorResponse?> Done)
{
    public long Size => Body.Length + 128L;
}
