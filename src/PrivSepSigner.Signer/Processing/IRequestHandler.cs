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

    /// <summary>
    /// As <see cref="Handle(ReadOnlyMemory{byte}, Batch)"/>, knowing when the comm handler received
    /// the request (its spool entry's time). Handlers that compare the front end's clock with ours
    /// compare it with that moment, not with the time they get to the request: a backlog is not skew.
    /// </summary>
    Answer Handle(ReadOnlyMemory<byte> body, Batch batch, DateTimeOffset received) => Handle(body, batch);
}
