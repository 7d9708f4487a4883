using CsCheck;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Tests.Properties;

/// <summary>
/// Property tests (CsCheck; a failure prints the seed that reproduces it): the frame and message
/// decoders accept any bytes without throwing anything but their one exception type, and
/// round-trip what the encoders produce.
/// </summary>
public sealed class DecoderProperties
{
    private static readonly MessageType[] Requests =
        [MessageType.SignX509Request, MessageType.CaCertRequest, MessageType.StatusRequest, MessageType.RevokeRequest, MessageType.CrlRequest,
         MessageType.PgpSignRequest, MessageType.PgpCaKeyRequest, MessageType.KeepaliveRequest, MessageType.SignSpkacRequest];

    [Fact]
    public void Any_bytes_decode_to_frames_errors_or_end_never_an_exception() =>
        Gen.Byte.Array[0, 4096].Sample(bytes =>
        {
            var reader = new FrameReader(new MemoryStream(bytes), maxPayload: 1024);
            for (var i = 0; i < 10_000; i++)
            {
                var r = reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
                if (r.EndOfStream)
                {
                    return;
                }

                Assert.True(r.IsFrame || r.Error is not null);
            }

            Assert.Fail("the reader did not reach the end of a finite stream");
        }, iter: 2000);

    [Fact]
    public void Encoded_frames_round_trip() =>
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 2048]).Sample((type, body) =>
        {
            var wire = FrameCodec.Encode((MessageType)type, body);
            var decoded = FrameCodec.DecodePayload(wire.AsSpan(0, wire.Length - 1));
            Assert.True(decoded.IsFrame);
            Assert.Equal((MessageType)type, decoded.Frame!.Value.Type);
            Assert.Equal(body, decoded.Frame.Value.Body.ToArray());
        }, iter: 2000);

    [Fact]
    public void A_single_flipped_bit_never_yields_a_different_frame() =>
        Gen.Select(Gen.Byte.Array[1, 512], Gen.Int[0, int.MaxValue], Gen.Int[0, 7]).Sample((body, where, bit) =>
        {
            var wire = FrameCodec.Encode(MessageType.StatusRequest, body);
            var i = where % (wire.Length - 1);
            wire[i] ^= (byte)(1 << bit);
            var decoded = FrameCodec.DecodePayload(wire.AsSpan(0, wire.Length - 1));
            Assert.True(!decoded.IsFrame || (decoded.Frame!.Value.Type == MessageType.StatusRequest && decoded.Frame.Value.Body.ToArray().SequenceEqual(body)));
        }, iter: 3000);

    [Fact]
    public void Any_body_of_any_request_type_is_a_message_or_one_protocol_exception() =>
        Gen.Select(Gen.Int[0, Requests.Length - 1], Gen.Byte.Array[0, 512]).Sample((t, body) =>
        {
            try
            {
                _ = Decode(Requests[t], body);
            }
            catch (ProtocolException)
            {
            }
        }, iter: 5000);

    private static object Decode(MessageType type, byte[] body) => type switch
    {
        MessageType.SignX509Request => MessageCodec.Deserialize<SignX509Request>(body),
        MessageType.CaCertRequest => MessageCodec.Deserialize<CaCertRequest>(body),
        MessageType.StatusRequest => MessageCodec.Deserialize<StatusRequest>(body),
        MessageType.RevokeRequest => MessageCodec.Deserialize<RevokeRequest>(body),
        MessageType.CrlRequest => MessageCodec.Deserialize<CrlRequest>(body),
        MessageType.PgpSignRequest => MessageCodec.Deserialize<PgpSignRequest>(body),
        MessageType.PgpCaKeyRequest => MessageCodec.Deserialize<PgpCaKeyRequest>(body),
        MessageType.KeepaliveRequest => MessageCodec.Deserialize<KeepaliveRequest>(body),
        _ => MessageCodec.Deserialize<SignSpkacRequest>(body),
    };
}
