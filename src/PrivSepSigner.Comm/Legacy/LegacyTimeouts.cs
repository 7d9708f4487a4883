namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// The waits of one legacy link. <see cref="Wire"/> holds the protocol's own figures and is
/// what every session uses; a test that is not about silence passes longer ones so a loaded
/// machine does not turn a slow test thread into "the front end went silent".
/// </summary>
/// <param name="Read">Longest wait for any single expected byte or read once a frame exchange has started.</param>
/// <param name="Frame">Longest one whole frame may take.</param>
/// <param name="Quiet">How long the line must stay silent before a damaged frame is answered.</param>
internal sealed record LegacyTimeouts(TimeSpan Read, TimeSpan Frame, TimeSpan Quiet)
{
    /// <summary>The protocol's waits (<see cref="LegacyWire.ReadTimeout"/>, <see cref="LegacyWire.FrameTimeout"/>, <see cref="LegacyWire.QuietTime"/>).</summary>
    public static LegacyTimeouts Wire { get; } = new(LegacyWire.ReadTimeout, LegacyWire.FrameTimeout, LegacyWire.QuietTime);
}
