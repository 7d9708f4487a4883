using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Link;

/// <summary>
/// Where the answers to one link session's requests go. The native protocol writes them as
/// frames (in pieces when large); another link protocol (the legacy CommModule mode) translates
/// them first. The spooler and the outbox pump only ever see this interface.
/// </summary>
internal interface IAnswerChannel
{
    /// <exception cref="InvalidDataException">The body is not what it claims (a published file that does not match its hash), or too large for this channel.</exception>
    ValueTask SendAsync(string requestId, MessageType type, AnswerBody body, CancellationToken ct);
}
