using System.Security.Cryptography;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Chunking;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Tests.Chunking;

/// <summary>A CRL streamed between a prefix and a suffix is byte for byte the CrlResponse the codec writes.</summary>
public sealed class StreamedCrlResponseTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(300)]
    [InlineData(70_000)]
    [InlineData(2_000_000)]
    public void Prefix_crl_and_suffix_are_the_serialized_response(int crlLength)
    {
        var crl = RandomNumberGenerator.GetBytes(crlLength);
        var response = new CrlResponse { RequestId = "cli-1", Root = "root-ec", Crl = crl, CrlNumber = 123456789012, BaseCrlNumber = 7, NextUpdateUnixMs = 1_800_000_000_000 };

        var streamed = StreamedCrlResponse.Prefix(response.RequestId, response.Root, crlLength)
            .Concat(crl)
            .Concat(StreamedCrlResponse.Suffix(response.CrlNumber, response.BaseCrlNumber, response.NextUpdateUnixMs))
            .ToArray();

        Assert.Equal(MessageCodec.Serialize(response), streamed);
        Assert.Equal(crl, MessageCodec.Deserialize<CrlResponse>(streamed).Crl);
    }
}
