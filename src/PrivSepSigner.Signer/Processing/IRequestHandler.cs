using PrivSepSigner.Protocol;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// One entry of the signer's dispatch table: the handler for exactly one request type.
/// A handler re-validates its request as hostile input; malformed input throws
/// <see cref="ProtocolException"/>, a refusal is returned as an error answer.
/// </summary>
internal interface IRequestHandler
{
    MessageType RequestType { get; }

    Answer Handle(ReadOnlyMemory<byte> body, Batch batch);
}
