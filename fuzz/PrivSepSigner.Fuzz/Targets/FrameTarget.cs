using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;

namespace PrivSepSigner.Fuzz.Targets;

/// <summary>
/// The link's frame decoder (comm handler, boundary 1): the streaming reader must reach the end
/// of any finite input, and every frame it accepts must re-encode to a frame with the same content.
/// It has no exception type of its own: any exception is a finding.
/// </summary>
internal static class FrameTarget
{
    public static void Run(byte[] input)
    {
        var reader = new FrameReader(new MemoryStream(input));

        // Each result consumes at least one byte (its delimiter) or ends the stream.
        for (var i = 0; i <= input.Length + 1; i++)
        {
            var result = reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (result.EndOfStream)
            {
                _ = FrameCodec.DecodePayload(input);
                return;
            }

            if (result.IsFrame)
            {
                CheckRoundTrip(result.Frame.Value);
            }
            else if (result.Error is null)
            {
                throw new InvalidOperationException("a read result that is neither a frame, an error nor the end");
            }
        }

        throw new InvalidOperationException("the frame reader did not reach the end of a finite input");
    }

    private static void CheckRoundTrip(Frame frame)
    {
        var wire = FrameCodec.Encode(frame.Type, frame.Body.Span);
        var again = FrameCodec.DecodePayload(wire.AsSpan(0, wire.Length - 1));
        if (!again.IsFrame || again.Frame.Value.Type != frame.Type || !again.Frame.Value.Body.Span.SequenceEqual(frame.Body.Span))
        {
            throw new InvalidOperationException("an accepted frame does not survive re-encoding");
        }
    }
}
