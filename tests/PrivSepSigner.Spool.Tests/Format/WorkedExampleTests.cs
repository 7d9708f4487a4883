using PrivSepSigner.Spool.Format;

namespace PrivSepSigner.Spool.Tests.Format;

/// <summary>The example of docs/spool-format.md section 3.4, so the document cannot drift from the code.</summary>
public sealed class WorkedExampleTests
{
    private static readonly byte[] Documented = Convert.FromHexString(
        "505353504f4f4c31" + "56000000" + "0101" + "4900000002" + "6131" + "5700000008" + "0000000000000001" +
        "4d00000003" + "076869" + "4500000004" + "dc43d10f");

    [Fact]
    public void EncodeProducesTheDocumentedBytes()
    {
        var entry = new SpoolEntry("a1", DateTimeOffset.FromUnixTimeMilliseconds(1), [new SpoolItem(7, "hi"u8.ToArray())]);

        Assert.Equal(Documented, SpoolEntryCodec.Encode(entry));
    }

    [Fact]
    public void DecodeReadsTheDocumentedBytes()
    {
        var entry = SpoolEntryCodec.Decode(Documented, "a1");

        var item = Assert.Single(entry.Items);
        Assert.Equal(7, item.Type);
        Assert.Equal("hi"u8.ToArray(), item.Body.ToArray());
        Assert.Equal(1, entry.Written.ToUnixTimeMilliseconds());
    }
}
