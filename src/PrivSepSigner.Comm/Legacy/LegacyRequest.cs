using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// One legacy request body: four length-prefixed fields, the first a 9-byte header
/// [version, action, system, root, profile, digest, days (16-bit BE), key type], then three
/// data fields whose meaning depends on the action (docs/protocol.md "Legacy mode").
/// </summary>
internal sealed record LegacyRequest(
    byte Action,
    byte System,
    byte Root,
    byte Profile,
    byte Digest,
    ushort Days,
    byte KeyType,
    byte[] Data1,
    byte[] Data2,
    byte[] Data3)
{
    public const byte ActionKeepalive = 0;
    public const byte ActionSign = 1;
    public const byte ActionRevoke = 2;

    public const byte SystemNone = 0;
    public const byte SystemX509 = 1;
    public const byte SystemOpenPgp = 2;

    private const int FieldCount = 4;

    /// <summary>Parses a verified frame body; anything but exactly four well-formed fields is <see cref="ErrorCode.Malformed"/>.</summary>
    public static LegacyRequest Parse(ReadOnlySpan<byte> body)
    {
        var fields = new byte[FieldCount][];
        var rest = body;
        for (var i = 0; i < FieldCount; i++)
        {
            if (rest.Length < LegacyWire.LengthBytes)
            {
                throw Malformed($"body: {FieldCount} length-prefixed fields expected, found {i}");
            }

            var length = LegacyWire.ReadLength(rest);
            rest = rest[LegacyWire.LengthBytes..];
            if (length > rest.Length)
            {
                throw Malformed($"field {i + 1}: length {length} runs past the end of the body");
            }

            fields[i] = rest[..length].ToArray();
            rest = rest[length..];
        }

        if (!rest.IsEmpty)
        {
            throw Malformed($"body: {rest.Length} bytes after the fourth field");
        }

        var h = fields[0];
        if (h.Length != LegacyWire.HeaderLength)
        {
            throw Malformed($"header: must be {LegacyWire.HeaderLength} bytes, not {h.Length}");
        }

        if (h[0] != LegacyWire.Version)
        {
            throw new ProtocolException(ErrorCode.UnsupportedVersion, $"header: version {h[0]} is not supported; this side speaks {LegacyWire.Version}");
        }

        return new LegacyRequest(h[1], h[2], h[3], h[4], h[5], (ushort)((h[6] << 8) | h[7]), h[8], fields[1], fields[2], fields[3]);
    }

    /// <summary>The action byte of a body that may not parse, for the error answer's header (0 when unknown).</summary>
    public static byte PeekAction(ReadOnlySpan<byte> body) =>
        body.Length >= LegacyWire.LengthBytes + 2 && LegacyWire.ReadLength(body) == LegacyWire.HeaderLength ? body[LegacyWire.LengthBytes + 1] : (byte)0;

    private static ProtocolException Malformed(string message) => new(ErrorCode.Malformed, message);
}
