using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace PrivSepSigner.Protocol.Framing;

/// <summary>
/// Builds and checks frames. Payload layout (docs/protocol.md, "Frame layout"):
/// <c>version(1) | type(1) | body(n) | crc32-le(4)</c>, CRC-32/ISO-HDLC over version..body,
/// then COBS, then one 0x00 delimiter.
/// </summary>
public static class FrameCodec
{
    private const int HeaderLength = 2;
    private const int CrcLength = 4;

    /// <summary>Builds the full wire bytes of one frame, including the trailing 0x00.</summary>
    /// <exception cref="ArgumentException">The body is longer than <see cref="ProtocolLimits.MaxBody"/>.</exception>
    public static byte[] Encode(MessageType type, ReadOnlySpan<byte> body)
    {
        if (body.Length > ProtocolLimits.MaxBody)
        {
            throw new ArgumentException($"Body of {body.Length} bytes exceeds ProtocolLimits.MaxBody ({ProtocolLimits.MaxBody}).", nameof(body));
        }

        int payloadLength = HeaderLength + body.Length + CrcLength;
        byte[] payload = ArrayPool<byte>.Shared.Rent(payloadLength);
        try
        {
            Span<byte> p = payload.AsSpan(0, payloadLength);
            p[0] = ProtocolLimits.Version;
            p[1] = (byte)type;
            body.CopyTo(p[HeaderLength..]);
            int crcOffset = payloadLength - CrcLength;
            BinaryPrimitives.WriteUInt32LittleEndian(p[crcOffset..], Crc32.HashToUInt32(p[..crcOffset]));

            byte[] wire = new byte[Cobs.MaxEncodedLength(payloadLength) + 1];
            int written = Cobs.Encode(p, wire);
            wire[written] = 0;
            Array.Resize(ref wire, written + 1);
            return wire;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    /// <summary>
    /// Decodes one COBS-encoded payload (without its 0x00 delimiter) and checks length, version
    /// and CRC. An unknown type byte is not an error here. The body is copied into a new array.
    /// </summary>
    public static FrameReadResult DecodePayload(ReadOnlySpan<byte> cobsEncoded)
    {
        if (cobsEncoded.Length > Cobs.MaxEncodedLength(ProtocolLimits.MaxPayload))
        {
            return FrameReadResult.Failed(FrameErrorKind.Oversize);
        }

        byte[] scratch = ArrayPool<byte>.Shared.Rent(cobsEncoded.Length);
        try
        {
            return DecodePayload(cobsEncoded, scratch, ProtocolLimits.MaxPayload);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    // Decodes into a caller-owned scratch buffer (the reader's fixed one); only the body of an
    // accepted frame is copied out, so rejected input never causes an allocation.
    internal static FrameReadResult DecodePayload(ReadOnlySpan<byte> cobsEncoded, Span<byte> scratch, int maxPayload)
    {
        if (!Cobs.TryGetDecodedLength(cobsEncoded, out int length))
        {
            return FrameReadResult.Failed(FrameErrorKind.BadCobs);
        }

        if (length > maxPayload || length > scratch.Length)
        {
            return FrameReadResult.Failed(FrameErrorKind.Oversize);
        }

        if (length < ProtocolLimits.MinPayload)
        {
            return FrameReadResult.Failed(FrameErrorKind.TooShort);
        }

        Cobs.TryDecode(cobsEncoded, scratch, out int written);
        ReadOnlySpan<byte> payload = scratch[..written];

        // The CRC is checked before the version so that line noise reads as noise, not as a
        // peer speaking another version.
        int crcOffset = payload.Length - CrcLength;
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(payload[crcOffset..]);
        if (Crc32.HashToUInt32(payload[..crcOffset]) != expected)
        {
            return FrameReadResult.Failed(FrameErrorKind.CrcMismatch);
        }

        if (payload[0] != ProtocolLimits.Version)
        {
            return FrameReadResult.Failed(FrameErrorKind.BadVersion);
        }

        byte[] body = payload[HeaderLength..crcOffset].ToArray();
        return FrameReadResult.FromFrame(new Frame((MessageType)payload[1], body));
    }
}
