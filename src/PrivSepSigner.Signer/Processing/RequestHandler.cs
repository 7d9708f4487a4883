using PrivSepSigner.Protocol;

namespace PrivSepSigner.Signer.Processing;

/// <summary>A handler of requests of message class <typeparamref name="T"/>: the typed side of <see cref="IRequestHandler"/>.</summary>
internal abstract class RequestHandler<T> : IRequestHandler
    where T : class
{
    public abstract MessageType RequestType { get; }

    public Type RequestClass => typeof(T);

    public Answer Handle(object request, Batch batch, DateTimeOffset received) =>
        Handle(request as T ?? throw new ArgumentException($"{GetType().Name} takes a {typeof(T).Name}, not a {request?.GetType().Name}", nameof(request)), batch, received);

    /// <inheritdoc cref="IRequestHandler.Handle"/>
    protected abstract Answer Handle(T request, Batch batch, DateTimeOffset received);
}
