using PrivSepSigner.Protocol.Framing;

namespace PrivSepSigner.Protocol;

/// <summary>
/// Hard size limits of the wire protocol. Every length read from the link is compared
/// with one of these before anything is allocated for it.
/// </summary>
public static class ProtocolLimits
{
    /// <summary>The protocol version carried in byte 0 of every frame payload.</summary>
    public const byte Version = 1;

    /// <summary>Largest decoded frame payload (version + type + body + CRC).</summary>
    public const int MaxPayload = 65536;

    /// <summary>Largest MessagePack body: the payload less version, type and the 4-byte CRC.</summary>
    public const int MaxBody = MaxPayload - 6;

    /// <summary>Smallest decoded payload: version (1) + type (1) + CRC (4) around an empty body.</summary>
    /// <remarks>An empty body is never a valid message, but that is for the message layer to say.</remarks>
    public const int MinPayload = 6;

    /// <summary>Largest DER PKCS#10 request accepted in <see cref="SignX509Request.Csr"/>.</summary>
    public const int MaxCsrBytes = 16384;

    /// <summary>Longest request id (ASCII <c>[A-Za-z0-9._:-]</c>).</summary>
    public const int MaxRequestIdLength = 64;

    /// <summary>Longest root or profile name (<c>[a-z0-9][a-z0-9-]*</c>).</summary>
    public const int MaxNameLength = 32;

    /// <summary>Longest human-readable message in an <see cref="ErrorResponse"/>.</summary>
    public const int MaxErrorMessageLength = 1024;

    /// <summary>
    /// Largest answer body sent in pieces (<see cref="AnswerChunk"/>): a CRL of a million entries
    /// is about 40 MB. A front end allocates an answer only after checking its declared length
    /// against this.
    /// </summary>
    public const long MaxChunkedBody = 64L * 1024 * 1024;

    /// <summary>Most data bytes in one <see cref="AnswerChunk"/>: with its other fields it stays within <see cref="MaxBody"/>.</summary>
    public const int MaxChunkData = 65_000;

    /// <summary>
    /// The largest body a request of <paramref name="type"/> can need: its <see cref="RequestCatalog"/>
    /// row's limit (a request that comes in one frame is at most <see cref="MaxBody"/>, and the small
    /// fixed-shape ones far less); <see cref="MaxBody"/> for a type with no row. The signer re-checks
    /// every spooled request against this before decoding it.
    /// </summary>
    public static int MaxRequestBody(MessageType type) => RequestCatalog.Find(type)?.MaxBody ?? MaxBody;

    /// <summary>
    /// Largest frame on the wire: the worst-case COBS encoding of <see cref="MaxPayload"/>
    /// plus the 0x00 delimiter.
    /// </summary>
    public static int MaxEncodedFrame => Cobs.MaxEncodedLength(MaxPayload) + 1;
}
