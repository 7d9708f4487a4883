using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Tests.Framing;

/// <summary>
/// The worked examples printed in docs/protocol.md; if these change, so must the document.
/// The expected wire bytes were computed by an independent COBS/zlib.crc32 implementation.
/// </summary>
public sealed class WorkedExampleTests
{
    [Fact]
    public void StatusRequestExample()
    {
        byte[] body = MessageCodec.Serialize(new StatusRequest { RequestId = "req-1", FrontEndTimeUnixMs = 1_767_225_600_000 });
        byte[] wire = FrameCodec.Encode(MessageType.StatusRequest, body);

        Assert.Equal("92a57265712d31cf0000019b76daa800", Convert.ToHexStringLower(body));
        Assert.Equal("0b010392a57265712d31cf0106019b76daa8051d2c07dc00", Convert.ToHexStringLower(wire));
    }

    [Fact]
    public void ErrorResponseExample()
    {
        byte[] body = MessageCodec.Serialize(new ErrorResponse { RequestId = "req-1", Code = ErrorCode.RetryLater, Message = "spool full" });
        byte[] wire = FrameCodec.Encode(MessageType.ErrorResponse, body);

        Assert.Equal("93a57265712d3106aa73706f6f6c2066756c6c", Convert.ToHexStringLower(body));
        Assert.Equal("1a01ff93a57265712d3106aa73706f6f6c2066756c6c2d9b2dcd00", Convert.ToHexStringLower(wire));
    }
}
