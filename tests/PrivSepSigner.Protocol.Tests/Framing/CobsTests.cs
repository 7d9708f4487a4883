using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;

namespace PrivSepSigner.Protocol.Tests.Framing;

public sealed class CobsTests
{
    public static TheoryData<int> Lengths() => new() { 0, 1, 2, 253, 254, 255, 256, 507, 508, 509, 1000, 65536 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RoundTripsRandomAllZeroAndNoZeroInputs(int length)
    {
        var random = new Random(length);
        byte[] randomBytes = new byte[length];
        random.NextBytes(randomBytes);
        byte[] noZero = Enumerable.Range(0, length).Select(i => (byte)((i % 255) + 1)).ToArray();
        byte[] allZero = new byte[length];

        foreach (byte[] input in new[] { randomBytes, noZero, allZero })
        {
            AssertRoundTrip(input);
        }
    }

    [Fact]
    public void RoundTripsDeterministicRandomLoop()
    {
        var random = new Random(20260101);
        for (int i = 0; i < 2000; i++)
        {
            byte[] input = new byte[random.Next(0, 1200)];
            random.NextBytes(input);

            // Bias some inputs towards many zeros and long non-zero runs.
            if (i % 3 == 0)
            {
                for (int j = 0; j < input.Length; j++)
                {
                    input[j] = random.Next(4) == 0 ? (byte)0 : input[j];
                }
            }
            else if (i % 3 == 1)
            {
                for (int j = 0; j < input.Length; j++)
                {
                    input[j] = input[j] == 0 ? (byte)1 : input[j];
                }
            }

            AssertRoundTrip(input);
        }
    }

    [Theory]
    [InlineData(new byte[] { }, new byte[] { 0x01 })]
    [InlineData(new byte[] { 0x00 }, new byte[] { 0x01, 0x01 })]
    [InlineData(new byte[] { 0x00, 0x00 }, new byte[] { 0x01, 0x01, 0x01 })]
    [InlineData(new byte[] { 0x11, 0x22, 0x00, 0x33 }, new byte[] { 0x03, 0x11, 0x22, 0x02, 0x33 })]
    [InlineData(new byte[] { 0x11, 0x00, 0x00, 0x00 }, new byte[] { 0x02, 0x11, 0x01, 0x01, 0x01 })]
    public void MatchesPublishedVectors(byte[] input, byte[] expected)
    {
        // Vectors from the COBS paper / Wikipedia "Consistent Overhead Byte Stuffing" examples.
        byte[] output = new byte[Cobs.MaxEncodedLength(input.Length)];
        int written = Cobs.Encode(input, output);
        Assert.Equal(expected, output[..written]);
    }

    [Fact]
    public void FullBlockAtEndHasNoTrailingCodeButDecoderAcceptsOne()
    {
        byte[] input = Enumerable.Range(1, 254).Select(i => (byte)i).ToArray();
        byte[] output = new byte[Cobs.MaxEncodedLength(input.Length)];
        int written = Cobs.Encode(input, output);
        Assert.Equal(255, written);
        Assert.Equal(0xFF, output[0]);

        byte[] withTrailer = [.. output[..written], 0x01];
        byte[] decoded = new byte[300];
        Assert.True(Cobs.TryDecode(withTrailer, decoded, out int length));
        Assert.Equal(input, decoded[..length]);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x03, 0x11 })]
    [InlineData(new byte[] { 0x02, 0x00 })]
    [InlineData(new byte[] { 0x05, 0x11, 0x22 })]
    [InlineData(new byte[] { 0x01, 0x00, 0x01 })]
    public void RejectsInvalidEncodings(byte[] encoded)
    {
        Assert.False(Cobs.TryDecode(encoded, new byte[64], out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void RejectsWhenDestinationTooSmall()
    {
        byte[] encoded = [0x04, 0x11, 0x22, 0x33];
        Assert.False(Cobs.TryDecode(encoded, new byte[2], out _));
        Assert.True(Cobs.TryDecode(encoded, new byte[3], out int written));
        Assert.Equal(3, written);
    }

    [Fact]
    public void EncodeRejectsShortDestination()
    {
        Assert.Throws<ArgumentException>(() => Cobs.Encode(new byte[10], new byte[10]));
    }

    private static void AssertRoundTrip(byte[] input)
    {
        byte[] encoded = new byte[Cobs.MaxEncodedLength(input.Length)];
        int written = Cobs.Encode(input, encoded);
        Assert.True(written <= Cobs.MaxEncodedLength(input.Length));
        Assert.DoesNotContain((byte)0, encoded[..written]);
        Assert.True(Cobs.TryGetDecodedLength(encoded.AsSpan(0, written), out int expectedLength));
        Assert.Equal(input.Length, expectedLength);

        byte[] decoded = new byte[input.Length];
        Assert.True(Cobs.TryDecode(encoded.AsSpan(0, written), decoded, out int decodedLength));
        Assert.Equal(input.Length, decodedLength);
        Assert.Equal(input, decoded);
    }
}
