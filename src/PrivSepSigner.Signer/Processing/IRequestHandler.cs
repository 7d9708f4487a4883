using PrivSepSigner.Protocol;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// One entry of the signer's dispatch table: the handler for exactly one request type. The
/// table reads each body through the type's <see cref="RequestCatalog"/> row (deserialized
/// and syntax-checked, <see cref="RequestRow.Read"/>), so a handler gets a typed request and
/// re-validates only what the catalog cannot: names, keys and policy. Malformed input throws
/// <see cref="ProtocolException"/>; a refusal is returned as an error answer. Handlers derive
/// from <see cref="RequestHandler{T}"/>.
/// </summary>
internal interface IRequestHandler
{
    MessageType RequestType { get; }

    /// <summary>The message class this handler takes; the table refuses to start if it is not its row's.</summary>
    Type RequestClass { get; }

    /// <param name="request">The body as the row read it: an instance of <see cref="RequestClass"/>.</param>
    /// <param name="received">
    /// When the comm handler received the request (its spool entry's time). Handlers that compare
    /// the front end's clock with ours compare it with that moment, not with the time they get
    /// to the request: a backlog is not skew.
    /// </param>
    Answer Handle(object request, Batch batch, DateTimeOffset received);
}
