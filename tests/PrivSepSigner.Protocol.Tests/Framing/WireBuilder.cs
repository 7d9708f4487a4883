using System.Buffers.Binary;
using System.IO.Hashing;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;

namespace PrivSepSigner.Protocol.Tests.Framing;

/// <summary>Builds deliberately wrong frames, bypassing FrameCodec's own checks.</summary>
internal static class WireBuilder
{
    public static byte[] Payload(byte version, byte type, ReadOnlySpan<byte> body)
    {
        byte[] payload = new byte[2 + body.Length + 4];
        payload[0] = version;
        payload[1] = type;
        body.CopyTo(payload.AsSpan(2));
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(payload.Length - 4), Crc32.HashToUInt32(payload.AsSpan(0, payload.Length - 4)));
        return payload;
    }

    public static byte[] CobsOnly(ReadOnlySpan<byte> payload)
    {
        byte[] encoded = new byte[Cobs.MaxEncodedLength(payload.Length)];
        int written = Cobs.Encode(payload, encoded);
        return encoded[..written];
    }

    public static byte[] Wire(ReadOnlySpan<byte> payload) => [.. CobsOnly(payload), 0x00];
}
