using System.Buffers;
using MessagePack;

namespace PrivSepSigner.Protocol.Chunking;

/// <summary>
/// The MessagePack encoding of a <see cref="CrlResponse"/> split around its CRL, for a sender that
/// streams a large CRL from a file instead of holding it: <see cref="Prefix"/>, then the DER
/// bytes, then <see cref="Suffix"/> make exactly the body <see cref="MessageCodec.Serialize{T}"/>
/// would (a test checks byte for byte), so a receiver cannot tell the two apart.
/// </summary>
public static class StreamedCrlResponse
{
    /// <summary>The array header, RequestId, Root and the bin header of a CRL of <paramref name="crlLength"/> bytes.</summary>
    public static byte[] Prefix(string requestId, string root, long crlLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(crlLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(crlLength, (long)int.MaxValue);
        var buffer = new ArrayBufferWriter<byte>(128);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(6);
        writer.Write(requestId);
        writer.Write(root);
        writer.WriteBinHeader((int)crlLength);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>CrlNumber, BaseCrlNumber and NextUpdateUnixMs, after the CRL.</summary>
    public static byte[] Suffix(long crlNumber, long baseCrlNumber, long nextUpdateUnixMs)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        var writer = new MessagePackWriter(buffer);
        writer.Write(crlNumber);
        writer.Write(baseCrlNumber);
        writer.Write(nextUpdateUnixMs);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
