using System.Diagnostics.CodeAnalysis;

namespace PrivSepSigner.Protocol.Framing;

/// <summary>
/// Outcome of reading or decoding one frame: exactly one of a frame, a framing error, or the
/// end of the stream. Bad bytes are reported as a value, never thrown, so a reader loop goes
/// on with the next frame.
/// </summary>
public readonly record struct FrameReadResult
{
    private FrameReadResult(Frame? frame, FrameErrorKind? error, bool endOfStream)
    {
        Frame = frame;
        Error = error;
        EndOfStream = endOfStream;
    }

    /// <summary>The decoded frame, when the read succeeded.</summary>
    public Frame? Frame { get; }

    /// <summary>Why the frame was rejected, when it was.</summary>
    public FrameErrorKind? Error { get; }

    /// <summary>True when the stream ended (a partial frame at the end is dropped).</summary>
    public bool EndOfStream { get; }

    /// <summary>True when <see cref="Frame"/> holds a value.</summary>
    [MemberNotNullWhen(true, nameof(Frame))]
    public bool IsFrame => Frame.HasValue;

    /// <summary>The end-of-stream result.</summary>
    public static FrameReadResult End => new(null, null, true);

    /// <summary>A successful result.</summary>
    public static FrameReadResult FromFrame(Frame frame) => new(frame, null, false);

    /// <summary>A failed result.</summary>
    public static FrameReadResult Failed(FrameErrorKind error) => new(null, error, false);
}
