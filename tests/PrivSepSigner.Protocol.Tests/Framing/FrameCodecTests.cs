using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;

namespace PrivSepSigner.Protocol.Tests.Framing;

public sealed class FrameCodecTests
{
    public static TheoryData<MessageType> AllTypes() => Samples.AllTypes();

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void RoundTripsEveryMessageType(MessageType type)
    {
        byte[] body = Samples.Body(type);
        byte[] wire = FrameCodec.Encode(type, body);

        Assert.Equal(0, wire[^1]);
        Assert.DoesNotContain((byte)0, wire[..^1]);
        FrameReadResult result = FrameCodec.DecodePayload(wire.AsSpan(0, wire.Length - 1));
        Assert.True(result.IsFrame);
        Assert.Null(result.Error);
        Assert.False(result.EndOfStream);
        Assert.Equal(type, result.Frame.Value.Type);
        Assert.Equal(body, result.Frame.Value.Body.ToArray());
    }

    [Fact]
    public void LimitsAreConsistentWithTheDocument()
    {
        Assert.Equal(65530, ProtocolLimits.MaxBody);
        Assert.Equal(65796, ProtocolLimits.MaxEncodedFrame);
        Assert.Equal(ProtocolLimits.MaxPayload - ProtocolLimits.MinPayload, ProtocolLimits.MaxBody);
    }

    [Fact]
    public void CrcIsCrc32IsoHdlc()
    {
        // Catalogue check value of CRC-32/ISO-HDLC (the IEEE 802.3 / zlib CRC) as documented.
        Assert.Equal(0xCBF43926u, System.IO.Hashing.Crc32.HashToUInt32("123456789"u8));
    }

    [Fact]
    public void UnknownTypeByteIsReturnedNotRejected()
    {
        byte[] wire = FrameCodec.Encode((MessageType)0x42, [0x91, 0xA0]);
        FrameReadResult result = FrameCodec.DecodePayload(wire.AsSpan(0, wire.Length - 1));
        Assert.True(result.IsFrame);
        Assert.Equal((MessageType)0x42, result.Frame.Value.Type);
    }

    [Fact]
    public void EveryFlippedPayloadBitIsDetected()
    {
        byte[] payload = WireBuilder.Payload(ProtocolLimits.Version, (byte)MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest));
        for (int bit = 0; bit < payload.Length * 8; bit++)
        {
            byte[] corrupted = (byte[])payload.Clone();
            corrupted[bit / 8] ^= (byte)(1 << (bit % 8));
            FrameReadResult result = FrameCodec.DecodePayload(WireBuilder.CobsOnly(corrupted));
            Assert.False(result.IsFrame);

            // CRC is checked first, so a flipped version bit reads as corruption too.
            Assert.Equal(FrameErrorKind.CrcMismatch, result.Error);
        }
    }

    [Fact]
    public void BadVersionWithValidCrcIsReported()
    {
        byte[] payload = WireBuilder.Payload(2, (byte)MessageType.StatusRequest, Samples.Body(MessageType.StatusRequest));
        Assert.Equal(FrameErrorKind.BadVersion, FrameCodec.DecodePayload(WireBuilder.CobsOnly(payload)).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void TooShortPayloadIsReported(int length)
    {
        byte[] payload = new byte[length];
        Array.Fill(payload, (byte)1);
        Assert.Equal(FrameErrorKind.TooShort, FrameCodec.DecodePayload(WireBuilder.CobsOnly(payload)).Error);
    }

    [Fact]
    public void MinimumPayloadWithEmptyBodyIsAFrame()
    {
        byte[] payload = WireBuilder.Payload(ProtocolLimits.Version, 3, []);
        Assert.Equal(ProtocolLimits.MinPayload, payload.Length);
        FrameReadResult result = FrameCodec.DecodePayload(WireBuilder.CobsOnly(payload));
        Assert.True(result.IsFrame);
        Assert.True(result.Frame.Value.Body.IsEmpty);
    }

    [Fact]
    public void BadCobsIsReported()
    {
        Assert.Equal(FrameErrorKind.BadCobs, FrameCodec.DecodePayload([0x09, 0x01, 0x02]).Error);
        Assert.Equal(FrameErrorKind.BadCobs, FrameCodec.DecodePayload([]).Error);
    }

    [Fact]
    public void MaxBodyFitsAndOneMoreIsRefused()
    {
        byte[] body = new byte[ProtocolLimits.MaxBody];
        new Random(7).NextBytes(body);
        byte[] wire = FrameCodec.Encode(MessageType.SignX509Request, body);
        Assert.True(wire.Length <= ProtocolLimits.MaxEncodedFrame);
        FrameReadResult result = FrameCodec.DecodePayload(wire.AsSpan(0, wire.Length - 1));
        Assert.Equal(body, result.Frame!.Value.Body.ToArray());

        Assert.Throws<ArgumentException>(() => FrameCodec.Encode(MessageType.SignX509Request, new byte[ProtocolLimits.MaxBody + 1]));
    }

    [Fact]
    public void DecodedPayloadOverLimitIsOversize()
    {
        // A well-formed COBS encoding of MaxPayload + 1 bytes, built without FrameCodec.
        byte[] payload = new byte[ProtocolLimits.MaxPayload + 1];
        Assert.Equal(FrameErrorKind.Oversize, FrameCodec.DecodePayload(WireBuilder.CobsOnly(payload)).Error);
    }

    [Fact]
    public void DefaultResultIsNoneOfTheThree()
    {
        FrameReadResult result = default;
        Assert.False(result.IsFrame);
        Assert.Null(result.Error);
        Assert.False(result.EndOfStream);
    }
}
