using System.Buffers;
using System.Globalization;

namespace PrivSepSigner.Issuance.Crl;

/// <summary>
/// The few DER encodings (X.690) a CRL's revoked-certificates list needs, written straight into
/// a buffer: a list of a million entries is encoded in one pass without an object per entry.
/// The rest of the CRL (names, extensions, algorithm identifiers) is encoded by BouncyCastle.
/// </summary>
internal static class DerWriter
{
    public const byte Sequence = 0x30;
    public const byte Integer = 0x02;
    public const byte BitString = 0x03;
    public const byte OctetString = 0x04;
    public const byte Enumerated = 0x0A;
    public const byte UtcTime = 0x17;
    public const byte GeneralizedTime = 0x18;
    public const byte ContextConstructed0 = 0xA0;

    // id-ce-cRLReasons (2.5.29.21) and id-ce-invalidityDate (2.5.29.24), RFC 5280 5.3.1 and 5.3.2.
    private static readonly byte[] ReasonCodeOid = [0x06, 0x03, 0x55, 0x1D, 0x15];
    private static readonly byte[] InvalidityDateOid = [0x06, 0x03, 0x55, 0x1D, 0x18];

    /// <summary>Bytes of the tag and length of a value of <paramref name="length"/> bytes (X.690 8.1.3).</summary>
    public static int HeaderLength(long length) => length < 0x80 ? 2 : length <= 0xFF ? 3 : length <= 0xFFFF ? 4 : length <= 0xFFFFFF ? 5 : 6;

    public static int WriteHeader(Span<byte> to, byte tag, long length)
    {
        to[0] = tag;
        if (length < 0x80)
        {
            to[1] = (byte)length;
            return 2;
        }

        var n = HeaderLength(length) - 2;
        to[1] = (byte)(0x80 | n);
        for (var i = 0; i < n; i++)
        {
            to[2 + i] = (byte)(length >> (8 * (n - 1 - i)));
        }

        return 2 + n;
    }

    /// <summary>
    /// One revokedCertificates element: SEQUENCE { userCertificate INTEGER, revocationDate Time,
    /// crlEntryExtensions (reasonCode unless unspecified, invalidityDate if known) }.
    /// </summary>
    public static void WriteEntry(IBufferWriter<byte> output, CrlEntry entry)
    {
        Span<byte> serial = stackalloc byte[21];
        var serialLength = Serial(entry.SerialHex, serial);
        Span<byte> time = stackalloc byte[15];
        var timeTag = Time(entry.RevokedAt, time, out var timeLength);
        var reason = entry.Reason != 0 ? 2 + 10 : 0; // SEQUENCE { OID, OCTET STRING { ENUMERATED } }
        var invalidity = entry.InvalidityDate is not null ? 2 + 24 : 0; // SEQUENCE { OID, OCTET STRING { GeneralizedTime } }
        var extensions = reason + invalidity;
        var content = 2 + serialLength + 2 + timeLength + (extensions > 0 ? HeaderLength(extensions) + extensions : 0);
        var total = HeaderLength(content) + content;
        var span = output.GetSpan(total);
        var at = WriteHeader(span, Sequence, content);
        at += WriteHeader(span[at..], Integer, serialLength);
        serial[..serialLength].CopyTo(span[at..]);
        at += serialLength;
        at += WriteHeader(span[at..], timeTag, timeLength);
        time[..timeLength].CopyTo(span[at..]);
        at += timeLength;
        if (extensions > 0)
        {
            at += WriteHeader(span[at..], Sequence, extensions);
            if (reason > 0)
            {
                at += WriteHeader(span[at..], Sequence, 10);
                ReasonCodeOid.CopyTo(span[at..]);
                at += ReasonCodeOid.Length;
                span[at++] = OctetString;
                span[at++] = 3;
                span[at++] = Enumerated;
                span[at++] = 1;
                span[at++] = checked((byte)entry.Reason);
            }

            if (invalidity > 0)
            {
                at += WriteHeader(span[at..], Sequence, 24);
                InvalidityDateOid.CopyTo(span[at..]);
                at += InvalidityDateOid.Length;
                span[at++] = OctetString;
                span[at++] = 17;
                span[at++] = GeneralizedTime;
                span[at++] = 15;
                Generalized(entry.InvalidityDate!.Value, span[at..]);
                at += 15;
            }
        }

        output.Advance(at);
    }

    /// <summary>RFC 5280 5.1.2.4: UTCTime through 2049, GeneralizedTime from 2050, in whole seconds, Z.</summary>
    public static byte Time(DateTimeOffset t, Span<byte> to, out int length)
    {
        var utc = t.UtcDateTime;
        if (utc.Year is >= 1950 and < 2050)
        {
            length = 13;
            Ascii(utc, "yyMMddHHmmss", to);
            to[12] = (byte)'Z';
            return UtcTime;
        }

        length = 15;
        Generalized(t, to);
        return GeneralizedTime;
    }

    /// <summary>The positive INTEGER content of a serial in lowercase hex, with a 0x00 pad when its top bit is set (X.690 8.3).</summary>
    public static int Serial(string hex, Span<byte> to)
    {
        var padded = hex.Length % 2 == 1 ? "0" + hex : hex;
        var n = padded.Length / 2;
        if (n is 0 or > 20)
        {
            throw new ArgumentException($"serial {hex} is not 1..20 bytes (RFC 5280 4.1.2.2)", nameof(hex));
        }

        Span<byte> raw = stackalloc byte[20];
        Convert.FromHexString(padded, raw[..n], out _, out _);
        var skip = 0;
        while (skip < n - 1 && raw[skip] == 0)
        {
            skip++;
        }

        var at = 0;
        if ((raw[skip] & 0x80) != 0)
        {
            to[at++] = 0;
        }

        raw[skip..n].CopyTo(to[at..]);
        return at + n - skip;
    }

    private static void Generalized(DateTimeOffset t, Span<byte> to)
    {
        Ascii(t.UtcDateTime, "yyyyMMddHHmmss", to);
        to[14] = (byte)'Z';
    }

    /// <summary>Formats without allocating: the list may have a million entries.</summary>
    private static void Ascii(DateTime utc, string format, Span<byte> to)
    {
        Span<char> text = stackalloc char[14];
        if (!utc.TryFormat(text, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("time does not format");
        }

        for (var i = 0; i < written; i++)
        {
            to[i] = (byte)text[i];
        }
    }
}
