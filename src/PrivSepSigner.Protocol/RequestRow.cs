namespace PrivSepSigner.Protocol;

/// <summary>
/// One request of <see cref="RequestCatalog"/>: its type byte, its message class, the type of
/// its answer, its flags and size limit, and the typed access both daemons need to screen,
/// re-serialize and dispatch it without a list of request types of their own.
/// </summary>
public abstract class RequestRow
{
    private protected RequestRow(MessageType type, Type requestClass, MessageType responseType, RequestFlags flags, int maxBody)
    {
        Type = type;
        RequestClass = requestClass;
        ResponseType = responseType;
        Flags = flags;
        MaxBody = maxBody;
    }

    /// <summary>Byte 1 of the frame payload (docs/protocol.md).</summary>
    public MessageType Type { get; }

    /// <summary>The MessagePack class of the body.</summary>
    public Type RequestClass { get; }

    /// <summary>The type of a successful answer (an error is always <see cref="MessageType.ErrorResponse"/>).</summary>
    public MessageType ResponseType { get; }

    public RequestFlags Flags { get; }

    /// <summary>The largest body this request can need; the signer re-checks every spooled request against it before decoding.</summary>
    public int MaxBody { get; }

    public bool Has(RequestFlags flag) => (Flags & flag) == flag;

    /// <summary>Deserializes and syntax-checks a body (<see cref="MessageValidator"/>); any defect throws <see cref="ProtocolException"/>.</summary>
    public abstract object Read(ReadOnlyMemory<byte> body);

    /// <summary>The canonical body of a request of this row's class.</summary>
    public abstract byte[] Write(object request);

    public abstract string RequestIdOf(object request);

    /// <summary>The root the request names; null when it names none (or, for a listing, when it filters by none).</summary>
    public abstract string? RootOf(object request);

    /// <summary>The profile the request names; null when it names none.</summary>
    public abstract string? ProfileOf(object request);

    /// <summary>The DER PKCS#10 request it carries; null when it carries none.</summary>
    public abstract byte[]? CsrOf(object request);

    public override string ToString() => $"{Type} (0x{(byte)Type:x2}) {Flags}";
}
