using PrivSepSigner.Posix;

namespace PrivSepSigner.Posix.Tests;

public sealed class FileNameCodecTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)'b' })]
    [InlineData(new byte[] { 0xC3, 0xA9 })]                 // "é", valid UTF-8
    [InlineData(new byte[] { (byte)'x', 0xFF, 0xFE, 0x80 })] // not UTF-8
    [InlineData(new byte[] { 0xC3 })]                       // truncated sequence
    public void RoundTripsEveryNameByteForByte(byte[] name)
    {
        var decoded = FileNameCodec.Decode(name);

        Assert.Equal([.. name, 0], FileNameCodec.EncodeComponent(decoded));
    }

    [Fact]
    public void ValidUtf8DecodesAsText() => Assert.Equal("é", FileNameCodec.Decode([0xC3, 0xA9]));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("/etc")]
    [InlineData("a\0b")]
    public void EncodeComponentRefusesAnythingButOneName(string name) =>
        Assert.Throws<ArgumentException>(() => FileNameCodec.EncodeComponent(name));
}
