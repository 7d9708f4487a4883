using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Link;

/// <summary>
/// Where the answers to one link session's requests go. The native protocol writes them as
/// frames; another link protocol (the legacy CommModule mode) translates them first. The
/// spooler and the outbox pump only ever see this interface.
/// </summary>
internal interface IAnswerChannel
{
    ValueTask SendAsync(MessageType type, ReadOnlyMemory<byte> body, CancellationToken ct);
}
