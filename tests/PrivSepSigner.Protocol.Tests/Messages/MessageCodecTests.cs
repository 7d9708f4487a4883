using MessagePack;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Tests.Messages;

public sealed class MessageCodecTests
{
    public static TheoryData<MessageType> AllTypes() => Samples.AllTypes();

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void RoundTripsEveryMessageType(MessageType type)
    {
        byte[] body = Samples.Body(type, "rt-1");
        object decoded = Samples.Deserialize(type, body);

        Assert.Equal(Samples.Message(type).GetType(), decoded.GetType());
        Assert.Equal(body, Samples.Serialize(decoded));
        Assert.Equal("rt-1", MessageCodec.PeekRequestId(body));
    }

    [Fact]
    public void FieldsSurviveTheRoundTrip()
    {
        var status = (StatusResponse)Samples.Deserialize(MessageType.StatusResponse, Samples.Body(MessageType.StatusResponse));
        Assert.Equal(1, status.ProtocolVersion);
        Assert.Equal(5, status.ClockOffsetMs);
        Assert.Null(status.LastError);
        Assert.Equal(["tls-server", "tls-client"], status.Roots.Single().Profiles);

        var sign = (SignX509Request)Samples.Deserialize(MessageType.SignX509Request, Samples.Body(MessageType.SignX509Request));
        Assert.Equal(Samples.Csr, sign.Csr);
        Assert.Equal("tls-server", sign.Profile);

        var error = (ErrorResponse)Samples.Deserialize(MessageType.ErrorResponse, Samples.Body(MessageType.ErrorResponse));
        Assert.Equal(ErrorCode.RetryLater, error.Code);
    }

    [Fact]
    public void BodyIsAnArrayWithIntegerPositions()
    {
        byte[] body = MessageCodec.Serialize(new CaCertRequest { RequestId = "x", FrontEndTimeUnixMs = 1, Root = "r" });

        // fixarray(3), fixstr "x", positive fixint 1, fixstr "r".
        Assert.Equal(new byte[] { 0x93, 0xA1, (byte)'x', 0x01, 0xA1, (byte)'r' }, body);
    }

    [Fact]
    public void SerializeRefusesMissingRequiredField()
    {
        var broken = new CaCertRequest { RequestId = "x", FrontEndTimeUnixMs = 1, Root = null! };
        Assert.Throws<ArgumentException>(() => MessageCodec.Serialize(broken));
    }

    [Theory]
    [InlineData(MessageType.SignX509Request, MessageType.SignX509Response)]
    [InlineData(MessageType.CaCertRequest, MessageType.CaCertResponse)]
    [InlineData(MessageType.StatusRequest, MessageType.StatusResponse)]
    [InlineData((MessageType)0x05, (MessageType)0x85)]
    public void ResponseTypeIsRequestWithHighBit(MessageType request, MessageType response)
    {
        Assert.Equal(response, MessageCodec.ResponseTypeFor(request));
    }

    [Theory]
    [InlineData(MessageType.IssueCrlRequest, MessageType.CrlResponse)]
    [InlineData(MessageType.SignX509WithNamesRequest, MessageType.SignX509Response)]
    public void TheExceptionsAreAnsweredByAnExistingResponse(MessageType request, MessageType response) =>
        Assert.Equal(response, MessageCodec.ResponseTypeFor(request));

    [Theory]
    [InlineData(MessageType.SignX509Response)]
    [InlineData(MessageType.ErrorResponse)]
    [InlineData((MessageType)0)]
    public void ResponseTypeOfAResponseIsMisuse(MessageType notARequest)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageCodec.ResponseTypeFor(notARequest));
    }

    [Fact]
    public void OptionsAreHardened()
    {
        Assert.Same(MessageCodec.Options, MessageCodec.Options);
        Assert.Equal(MessagePackCompression.None, MessageCodec.Options.Compression);
        Assert.True(MessageCodec.Options.Security.MaximumObjectGraphDepth <= 16);
        Assert.True(MessageCodec.Options.Security.HashCollisionResistant);
    }

    public static TheoryData<byte[], string> PeekCases() => new()
    {
        { Samples.Body(MessageType.StatusRequest, "abc:1"), "abc:1" },
        { Samples.Body(MessageType.ErrorResponse, "E.2"), "E.2" },
        { [0x91, 0xA3, (byte)'a', (byte)'b', (byte)'c'], "abc" },
        { [], "" },
        { [0xC1], "" },
        { [0x90], "" },
        { [0x91, 0x01], "" },
        { [0x91, 0xA2, (byte)'a'], "" },
        { [0xDD, 0xFF, 0xFF, 0xFF, 0xFF], "" },
        { [0xA3, (byte)'a', (byte)'b', (byte)'c'], "" },
        { [0x81, 0xA1, (byte)'k', 0xA1, (byte)'v'], "" },
        { [0x91, 0xA3, (byte)'a', (byte)' ', (byte)'c'], "" },
        { [0x91, 0xA3, (byte)'a', 0x0A, (byte)'c'], "" },
        { [0x91, 0xDB, 0x7F, 0xFF, 0xFF, 0xFF, (byte)'a'], "" },
    };

    [Theory]
    [MemberData(nameof(PeekCases))]
    public void PeekRequestIdReadsOnlyValidIds(byte[] body, string expected)
    {
        Assert.Equal(expected, MessageCodec.PeekRequestId(body));
    }

    [Fact]
    public void PeekRequestIdRefusesOverlongIds()
    {
        string id = new('a', ProtocolLimits.MaxRequestIdLength + 1);
        byte[] body = MessagePackSerializer.Serialize(new object[] { id }, MessagePackSerializerOptions.Standard);
        Assert.Equal(string.Empty, MessageCodec.PeekRequestId(body));
    }
}
