using MessagePack;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Tests.Messages;

/// <summary>Hostile bodies: every one must end in ProtocolException(Malformed) and nothing else.</summary>
public sealed class HostileBodyTests
{
    public static TheoryData<MessageType> AllTypes() => Samples.AllTypes();

    public static TheoryData<string, byte[]> HostileBodies()
    {
        var data = new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "nil", [0xC0] },
            { "never-used byte", [0xC1] },
            { "integer", [0x2A] },
            { "string", [0xA3, (byte)'a', (byte)'b', (byte)'c'] },
            { "map instead of array", [0x81, 0x00, 0xA1, (byte)'x'] },
            { "empty array", [0x90] },
            { "array32 of 4G declared", [0xDD, 0xFF, 0xFF, 0xFF, 0xFF] },
            { "array16 declared, nothing follows", [0xDC, 0xFF, 0xFF] },
            { "str32 of 2G declared", [0x95, 0xDB, 0x7F, 0xFF, 0xFF, 0xFF, (byte)'a'] },
            { "bin32 of 4G declared", [0x95, 0xA1, (byte)'a', 0x01, 0xA1, (byte)'r', 0xA1, (byte)'p', 0xC6, 0xFF, 0xFF, 0xFF, 0xFF] },
            { "ext LZ4 block", [0xC7, 0x05, 0x63, 0xD2, 0x00, 0x10, 0x00, 0x00] },
            { "nested arrays 100000 deep", [.. Enumerable.Repeat((byte)0x91, 100_000), 0xC0] },
            { "nested maps 100000 deep", [.. Enumerable.Repeat(new byte[] { 0x81, 0x00 }, 100_000).SelectMany(b => b), 0xC0] },
        };

        var random = new Random(4242);
        for (int i = 0; i < 40; i++)
        {
            byte[] garbage = new byte[random.Next(1, 64)];
            random.NextBytes(garbage);
            data.Add($"random {i}", garbage);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public void HostileBodyIsMalformedForEveryType(string name, byte[] body)
    {
        foreach (MessageType type in Samples.AllTypes())
        {
            AssertMalformed(type, body, name);
        }
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void EveryTruncationIsMalformed(MessageType type)
    {
        byte[] body = Samples.Body(type);
        for (int length = 0; length < body.Length; length++)
        {
            AssertMalformed(type, body[..length], $"truncated to {length}");
        }
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void TrailingBytesAreMalformed(MessageType type)
    {
        AssertMalformed(type, [.. Samples.Body(type), 0xC0], "trailing nil");
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void ExtraOrMissingElementsAreMalformed(MessageType type)
    {
        byte[] body = Samples.Body(type);
        int count = body[0] & 0x0F;
        Assert.Equal(0x90, body[0] & 0xF0);

        byte[] extra = [(byte)(0x90 | (count + 1)), .. body[1..], 0x00];
        AssertMalformed(type, extra, "one extra element");

        object[] fewer = MessagePackSerializer.Deserialize<object[]>(body)[..^1];
        AssertMalformed(type, MessagePackSerializer.Serialize(fewer), "one element missing");
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void EveryElementSwappedForAWrongTypeIsMalformedOrRejected(MessageType type)
    {
        object?[] elements = MessagePackSerializer.Deserialize<object?[]>(Samples.Body(type));
        object?[] wrongValues = [null, 12345L, "not-this", new byte[] { 1 }, new object[] { 1, 2 }, true, 1.5];
        for (int i = 0; i < elements.Length; i++)
        {
            foreach (object? wrong in wrongValues)
            {
                object?[] mutated = (object?[])elements.Clone();
                mutated[i] = wrong;
                byte[] body = MessagePackSerializer.Serialize(mutated);
                try
                {
                    Samples.Deserialize(type, body);

                    // Accepted only if the value is legitimately representable: nil for nullable
                    // LastError, an integer where an integer is expected, and so on.
                }
                catch (ProtocolException ex)
                {
                    Assert.Equal(ErrorCode.Malformed, ex.Code);
                }
            }
        }
    }

    [Fact]
    public void NilInRequiredFieldIsMalformedAndNamed()
    {
        byte[] body = [0x95, 0xA1, (byte)'a', 0x01, 0xC0, 0xA1, (byte)'p', 0xC4, 0x01, 0x30];
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Deserialize<SignX509Request>(body));
        Assert.Equal(ErrorCode.Malformed, ex.Code);
        Assert.StartsWith("root:", ex.Message);
    }

    [Fact]
    public void NilInsideNestedArraysIsMalformed()
    {
        var status = (StatusResponse)Samples.Message(MessageType.StatusResponse);
        object?[] top = MessagePackSerializer.Deserialize<object?[]>(MessageCodec.Serialize(status));
        top[6] = new object?[] { null };
        AssertMalformed(MessageType.StatusResponse, MessagePackSerializer.Serialize(top), "nil root");

        top[6] = new object?[] { new object?[] { "r", "alg", "00", new object?[] { null }, 1L } };
        AssertMalformed(MessageType.StatusResponse, MessagePackSerializer.Serialize(top), "nil profile");
    }

    [Fact]
    public void DeepNestingInsideASkippedNestedElementIsMalformed()
    {
        // RootStatus has 5 elements; the dynamic formatter skips extras, and skipping is depth-limited.
        var status = (StatusResponse)Samples.Message(MessageType.StatusResponse);
        object?[] top = MessagePackSerializer.Deserialize<object?[]>(MessageCodec.Serialize(status));
        top[6] = "ROOTS-MARKER";
        byte[] prefix = MessagePackSerializer.Serialize(top);
        byte[] marker = MessagePackSerializer.Serialize("ROOTS-MARKER");
        int at = prefix.AsSpan().IndexOf(marker);
        Assert.True(at > 0);
        // As deep as a maximum-size frame allows.
        byte[] deep = [.. Enumerable.Repeat((byte)0x91, ProtocolLimits.MaxBody - 200), 0xC0];
        byte[] root = [0x96, 0xA1, (byte)'r', 0xA1, (byte)'a', 0xA1, (byte)'0', 0x90, 0x01, .. deep];
        byte[] body = [.. prefix[..at], 0x91, .. root, .. prefix[(at + marker.Length)..]];
        AssertMalformed(MessageType.StatusResponse, body, "deep skip");
    }

    [Fact]
    public void LegitimateNestingIsWithinTheDepthLimit()
    {
        byte[] body = Samples.Body(MessageType.StatusResponse);
        Assert.True(DepthScanner.IsWithinDepth(body, 4));
        Assert.False(DepthScanner.IsWithinDepth(body, 3));
    }

    [Fact]
    public void DeserializeOfANonMessageTypeIsMisuse()
    {
        Assert.Throws<ArgumentException>(() => MessageCodec.Deserialize<string>(new byte[] { 0xA0 }));
    }

    private static void AssertMalformed(MessageType type, byte[] body, string because)
    {
        Exception? thrown = Record.Exception(() => Samples.Deserialize(type, body));
        Assert.True(thrown is ProtocolException { Code: ErrorCode.Malformed }, $"{type} / {because}: got {thrown?.GetType().Name ?? "no exception"}: {thrown?.Message}");
    }
}
