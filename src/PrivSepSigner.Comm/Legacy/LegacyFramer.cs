namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// The legacy handshake framing, both directions (docs/protocol.md "Legacy mode", framing):
/// <c>0x02</c> → <c>0x10</c>, then <c>len(3, BE) | body | xor | "rie4Ech7"</c> → <c>0x10</c> or
/// <c>0x11</c> (resend). Unlike the legacy implementation this side verifies the checksum and
/// the trailer, compares the length with <see cref="LegacyWire.MaxBody"/> before reading the
/// body, bounds resends, and bounds every wait except the idle wait for the next 0x02.
/// </summary>
internal sealed partial class LegacyFramer
{
    private readonly LegacyLine line;
    private readonly LegacyTimeouts timeouts;

    // One fixed buffer per link: length + largest body + checksum + trailer.
    private readonly byte[] frame = new byte[LegacyWire.LengthBytes + LegacyWire.MaxBody + 1 + 8];

    /// <param name="stream">The link.</param>
    /// <param name="timeouts">The waits; <see cref="LegacyTimeouts.Wire"/> (the protocol's) unless a test needs longer ones.</param>
    public LegacyFramer(Stream stream, LegacyTimeouts? timeouts = null)
    {
        line = new LegacyLine(stream);
        this.timeouts = timeouts ?? LegacyTimeouts.Wire;
    }

    /// <summary>
    /// Waits (without a time limit) for the front end's 0x02, skipping any other byte, then
    /// receives one frame. Damaged frames are answered 0x11 at most <see cref="LegacyWire.MaxResends"/>
    /// times; then, or when the sender goes silent, 0x18 ends the exchange and the frame is lost.
    /// A 0x02 where a (re)sent frame should start means the sender started over.
    /// </summary>
    public async Task<LegacyReceive> ReceiveAsync(CancellationToken ct)
    {
        while (true)
        {
            var b = await line.ReadByteAsync(timeout: null, ct);
            if (b < 0)
            {
                return LegacyReceive.End;
            }

            if (b == LegacyWire.Start)
            {
                break;
            }
        }

        await line.WriteByteAsync(LegacyWire.Ack, ct);
        var resends = 0;
        while (true)
        {
            string damage;
            try
            {
                var outcome = await ReadFrameAsync(ct);
                if (outcome.Restart)
                {
                    await line.WriteByteAsync(LegacyWire.Ack, ct);
                    resends = 0;
                    continue;
                }

                if (outcome.Body is { } body)
                {
                    await line.WriteByteAsync(LegacyWire.Ack, ct);
                    return LegacyReceive.Ok(body);
                }

                if (outcome.EndOfStream)
                {
                    return LegacyReceive.End;
                }

                if (outcome.Silent)
                {
                    await line.WriteByteAsync(LegacyWire.GiveUp, ct);
                    return LegacyReceive.Lost("the front end went silent where a frame should start");
                }

                damage = outcome.Damage!;
                await line.DrainAsync(timeouts.Quiet, timeouts.Read, ct);
            }
            catch (TimeoutException)
            {
                // Silent in the middle of a frame: bytes were lost; the sender may be waiting for an answer.
                damage = "frame cut off (the line went silent mid-frame)";
            }

            if (resends >= LegacyWire.MaxResends)
            {
                await line.WriteByteAsync(LegacyWire.GiveUp, ct);
                return LegacyReceive.Lost($"{damage}; gave up after {LegacyWire.MaxResends} resends");
            }

            resends++;
            await line.WriteByteAsync(LegacyWire.Resend, ct);
        }
    }

    private async Task<FrameOutcome> ReadFrameAsync(CancellationToken ct)
    {
        using var whole = CancellationTokenSource.CreateLinkedTokenSource(ct);
        whole.CancelAfter(timeouts.Frame);
        try
        {
            int first;
            try
            {
                first = await line.ReadByteAsync(timeouts.Read, whole.Token);
            }
            catch (TimeoutException)
            {
                return FrameOutcome.SilentLine;
            }

            if (first < 0)
            {
                return FrameOutcome.End;
            }

            // L <= 0x010000, so a frame never starts with 0x02: this is a new handshake.
            if (first == LegacyWire.Start)
            {
                return FrameOutcome.Restarted;
            }

            frame[0] = (byte)first;
            if (!await line.ReadExactAsync(frame.AsMemory(1, LegacyWire.LengthBytes - 1), timeouts.Read, whole.Token))
            {
                return FrameOutcome.End;
            }

            var length = LegacyWire.ReadLength(frame);
            if (length > LegacyWire.MaxBody)
            {
                return FrameOutcome.Damaged($"length {length} exceeds {LegacyWire.MaxBody}");
            }

            var rest = frame.AsMemory(LegacyWire.LengthBytes, length + 1 + LegacyWire.Trailer.Length);
            if (!await line.ReadExactAsync(rest, timeouts.Read, whole.Token))
            {
                return FrameOutcome.End;
            }

            var checksum = frame[LegacyWire.LengthBytes + length];
            var trailer = frame.AsSpan(LegacyWire.LengthBytes + length + 1, LegacyWire.Trailer.Length);
            if (!trailer.SequenceEqual(LegacyWire.Trailer))
            {
                return FrameOutcome.Damaged("bad trailer");
            }

            if (LegacyWire.Checksum(frame.AsSpan(0, LegacyWire.LengthBytes + length)) != checksum)
            {
                return FrameOutcome.Damaged("bad checksum");
            }

            return FrameOutcome.Received(frame.AsSpan(LegacyWire.LengthBytes, length).ToArray());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException("frame took too long");
        }
    }

    private readonly record struct FrameOutcome(byte[]? Body, string? Damage, bool Restart, bool Silent, bool EndOfStream)
    {
        public static FrameOutcome End => new(null, null, false, false, true);

        public static FrameOutcome Restarted => new(null, null, true, false, false);

        public static FrameOutcome SilentLine => new(null, null, false, true, false);

        public static FrameOutcome Damaged(string why) => new(null, why, false, false, false);

        public static FrameOutcome Received(byte[] body) => new(body, null, false, false, false);
    }
}
