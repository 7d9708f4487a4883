using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol;

/// <summary>A <see cref="RequestRow"/> for message class <typeparamref name="T"/>: the accessors are the row's only knowledge of the class.</summary>
public sealed class RequestRow<T> : RequestRow
    where T : class
{
    private readonly Action<T> validate;
    private readonly Func<T, string> requestId;
    private readonly Func<T, string?>? root;
    private readonly Func<T, string?>? profile;
    private readonly Func<T, byte[]>? csr;

    internal RequestRow(
        MessageType type,
        MessageType responseType,
        RequestFlags flags,
        int maxBody,
        Action<T> validate,
        Func<T, string> requestId,
        Func<T, string?>? root = null,
        Func<T, string?>? profile = null,
        Func<T, byte[]>? csr = null)
        : base(type, typeof(T), responseType, flags | (root is null ? 0 : RequestFlags.NamesRoot) | (profile is null ? 0 : RequestFlags.NamesProfile) | (csr is null ? 0 : RequestFlags.CarriesCsr), maxBody)
    {
        this.validate = validate;
        this.requestId = requestId;
        this.root = root;
        this.profile = profile;
        this.csr = csr;
    }

    public override object Read(ReadOnlyMemory<byte> body)
    {
        var request = MessageCodec.Deserialize<T>(body);
        validate(request);
        return request;
    }

    public override byte[] Write(object request) => MessageCodec.Serialize(Cast(request));

    public override string RequestIdOf(object request) => requestId(Cast(request));

    public override string? RootOf(object request) => root?.Invoke(Cast(request));

    public override string? ProfileOf(object request) => profile?.Invoke(Cast(request));

    public override byte[]? CsrOf(object request) => csr?.Invoke(Cast(request));

    private T Cast(object request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request as T ?? throw new ArgumentException($"a {request.GetType().Name} is not a {typeof(T).Name} ({Type})", nameof(request));
    }
}
