using System.Text;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// Constants of the legacy CommModule v1 link (docs/protocol.md "Legacy mode"). Control
/// bytes, the frame trailer and the limits this side enforces; the legacy implementation
/// enforced none of them.
/// </summary>
internal static class LegacyWire
{
    /// <summary>Sender: "I want to send a frame".</summary>
    public const byte Start = 0x02;

    /// <summary>Receiver: handshake accepted, or frame received intact.</summary>
    public const byte Ack = 0x10;

    /// <summary>Receiver: frame damaged, send the same frame again (no new 0x02).</summary>
    public const byte Resend = 0x11;

    /// <summary>Receiver: gave up on this frame (too many resends, or the sender went silent); start over with 0x02.
    /// Not in the legacy protocol, whose senders stop on any unexpected byte, which is the intended effect.</summary>
    public const byte GiveUp = 0x18;

    /// <summary>The protocol version in byte 0 of every header.</summary>
    public const byte Version = 1;

    /// <summary>Length of the header field (field 1) of a request and of an answer.</summary>
    public const int HeaderLength = 9;

    /// <summary>Size of every length prefix: 24-bit big-endian.</summary>
    public const int LengthBytes = 3;

    /// <summary>Largest request frame body L accepted; checked before anything is allocated or read.</summary>
    public const int MaxBody = 64 * 1024;

    /// <summary>
    /// Largest answer body sent: what a 3-byte length can say (a full CRL of about 400,000
    /// entries). The front end reads an answer of any such length (client.pl allocates it).
    /// </summary>
    public const int MaxAnswerBody = (1 << 24) - 1;

    /// <summary>Resends one frame may cost before the receiver gives up (the legacy side never stopped asking).</summary>
    public const int MaxResends = 3;

    /// <summary>Longest wait for any single expected byte or read once a frame exchange has started.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Longest one whole frame may take (64 KiB at 115200 baud takes about 6 s).</summary>
    public static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the line must stay silent before a damaged frame is answered, so its tail is not read as the resend.</summary>
    public static readonly TimeSpan QuietTime = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// The fixed 8-byte frame trailer, taken unchanged from CAcert's CommModule (client.pl and
    /// server.pl, <c>$MAGIC_BYTES</c>) so existing front ends interoperate.
    /// </summary>
    public static ReadOnlySpan<byte> Trailer => "rie4Ech7"u8;

    /// <summary>
    /// The checksum byte: XOR of the 3 length bytes and the L body bytes, exactly as the legacy
    /// senders compute it (they XOR the length-prefixed block they send).
    /// </summary>
    public static byte Checksum(ReadOnlySpan<byte> lengthAndBody)
    {
        byte x = 0;
        foreach (var b in lengthAndBody)
        {
            x ^= b;
        }

        return x;
    }

    public static void WriteLength(Span<byte> destination, int length)
    {
        destination[0] = (byte)(length >> 16);
        destination[1] = (byte)(length >> 8);
        destination[2] = (byte)length;
    }

    public static int ReadLength(ReadOnlySpan<byte> source) => (source[0] << 16) | (source[1] << 8) | source[2];

    /// <summary>Field text for logs and errors: ASCII only, never the raw bytes.</summary>
    public static string Printable(string s) => new(s.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    public static readonly Encoding Utf8Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
