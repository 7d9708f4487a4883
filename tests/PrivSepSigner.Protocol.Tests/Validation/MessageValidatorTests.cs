using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Protocol.Tests.Validation;

public sealed class MessageValidatorTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("req-1", true)]
    [InlineData("A.b_c:d-0", true)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123", true)]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("abc\n", false)]
    [InlineData("\u00e9t\u00e9", false)]
    [InlineData("\uff21", false)]
    [InlineData("a\0", false)]
    [InlineData("..", true)]
    public void RequestIds(string id, bool valid)
    {
        Assert.Equal(valid, MessageValidator.IsValidRequestId(id));
        Exception? thrown = Record.Exception(() => MessageValidator.ValidateRequestId(id));
        if (valid)
        {
            Assert.Null(thrown);
        }
        else
        {
            var ex = Assert.IsType<ProtocolException>(thrown);
            Assert.Equal(ErrorCode.InvalidRequest, ex.Code);
            Assert.StartsWith("requestId:", ex.Message);
        }
    }

    [Fact]
    public void NullRequestIdIsInvalid()
    {
        var ex = Assert.Throws<ProtocolException>(() => MessageValidator.ValidateRequestId(null!));
        Assert.Equal(ErrorCode.InvalidRequest, ex.Code);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("root-a", true)]
    [InlineData("0", true)]
    [InlineData("tls-server-2026", true)]
    [InlineData("a-", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)]
    [InlineData("", false)]
    [InlineData("-a", false)]
    [InlineData("Root", false)]
    [InlineData("root_a", false)]
    [InlineData("root.a", false)]
    [InlineData("root a", false)]
    [InlineData("root\n", false)]
    [InlineData("r\u00f6ot", false)]
    public void Names(string name, bool valid)
    {
        Assert.Equal(valid, MessageValidator.IsValidName(name));
        Exception? thrown = Record.Exception(() => MessageValidator.ValidateName("profile", name));
        if (valid)
        {
            Assert.Null(thrown);
        }
        else
        {
            var ex = Assert.IsType<ProtocolException>(thrown);
            Assert.Equal(ErrorCode.InvalidRequest, ex.Code);
            Assert.StartsWith("profile:", ex.Message);
        }
    }

    public static TheoryData<string, byte[]?, bool> CsrCases() => new()
    {
        { "minimal sequence", [0x30, 0x00], true },
        { "max size", [0x30, .. new byte[ProtocolLimits.MaxCsrBytes - 1]], true },
        { "one over max", [0x30, .. new byte[ProtocolLimits.MaxCsrBytes]], false },
        { "empty", [], false },
        { "null", null, false },
        { "not a sequence", [0x31, 0x00], false },
        { "PEM text", "-----BEGIN"u8.ToArray(), false },
    };

    [Theory]
    [MemberData(nameof(CsrCases))]
    public void CsrSizesAndTag(string name, byte[]? csr, bool valid)
    {
        var request = new SignX509Request { RequestId = "r1", FrontEndTimeUnixMs = 1, Root = "root", Profile = "p", Csr = csr! };
        Exception? thrown = Record.Exception(() => MessageValidator.Validate(request));
        if (valid)
        {
            Assert.Null(thrown);
        }
        else
        {
            var ex = Assert.IsType<ProtocolException>(thrown);
            Assert.Equal(ErrorCode.InvalidRequest, ex.Code);
            Assert.True(ex.Message.StartsWith("csr:", StringComparison.Ordinal), name);
        }
    }

    public static TheoryData<object, string?> RequestCases() => new()
    {
        { Samples.Message(MessageType.SignX509Request), null },
        { Samples.Message(MessageType.CaCertRequest), null },
        { Samples.Message(MessageType.StatusRequest), null },
        { new SignX509Request { RequestId = "r", FrontEndTimeUnixMs = 0, Root = "a", Profile = "b", Csr = [0x30] }, "frontEndTimeUnixMs:" },
        { new SignX509Request { RequestId = "r", FrontEndTimeUnixMs = 1, Root = "A", Profile = "b", Csr = [0x30] }, "root:" },
        { new SignX509Request { RequestId = "r", FrontEndTimeUnixMs = 1, Root = "a", Profile = "", Csr = [0x30] }, "profile:" },
        { new SignX509Request { RequestId = "r r", FrontEndTimeUnixMs = 1, Root = "a", Profile = "b", Csr = [0x30] }, "requestId:" },
        { new CaCertRequest { RequestId = "r", FrontEndTimeUnixMs = -5, Root = "a" }, "frontEndTimeUnixMs:" },
        { new CaCertRequest { RequestId = "r", FrontEndTimeUnixMs = 1, Root = null! }, "root:" },
        { new StatusRequest { RequestId = "", FrontEndTimeUnixMs = 1 }, "requestId:" },
        { new StatusRequest { RequestId = "s", FrontEndTimeUnixMs = long.MinValue }, "frontEndTimeUnixMs:" },
    };

    [Theory]
    [MemberData(nameof(RequestCases))]
    public void Requests(object request, string? expectedPrefix)
    {
        Exception? thrown = Record.Exception(() =>
        {
            switch (request)
            {
                case SignX509Request r: MessageValidator.Validate(r); break;
                case CaCertRequest r: MessageValidator.Validate(r); break;
                case StatusRequest r: MessageValidator.Validate(r); break;
                default: throw new ArgumentOutOfRangeException(nameof(request));
            }
        });

        if (expectedPrefix is null)
        {
            Assert.Null(thrown);
        }
        else
        {
            var ex = Assert.IsType<ProtocolException>(thrown);
            Assert.Equal(ErrorCode.InvalidRequest, ex.Code);
            Assert.StartsWith(expectedPrefix, ex.Message);
        }
    }
}
