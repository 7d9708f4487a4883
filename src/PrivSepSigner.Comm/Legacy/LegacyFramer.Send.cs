namespace PrivSepSigner.Comm.Legacy;

/// <summary>The sending half of the legacy framing: this side's answers to the front end.</summary>
internal sealed partial class LegacyFramer
{
    /// <summary>
    /// Sends one frame: 0x02, wait for 0x10, the frame, wait for 0x10 (0x11: send it again, at
    /// most <see cref="LegacyWire.MaxResends"/> times). False when the front end did not take it.
    /// </summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (body.Length > LegacyWire.MaxAnswerBody)
        {
            throw new ArgumentOutOfRangeException(nameof(body), body.Length, "legacy answer too long");
        }

        var wire = new byte[LegacyWire.LengthBytes + body.Length + 1 + LegacyWire.Trailer.Length];
        LegacyWire.WriteLength(wire, body.Length);
        body.Span.CopyTo(wire.AsSpan(LegacyWire.LengthBytes));
        wire[LegacyWire.LengthBytes + body.Length] = LegacyWire.Checksum(wire.AsSpan(0, LegacyWire.LengthBytes + body.Length));
        LegacyWire.Trailer.CopyTo(wire.AsSpan(LegacyWire.LengthBytes + body.Length + 1));

        await line.DrainAsync(TimeSpan.Zero, TimeSpan.Zero, ct);
        await line.WriteByteAsync(LegacyWire.Start, ct);
        if (await AwaitReplyAsync(ct) != LegacyWire.Ack)
        {
            return false;
        }

        for (var attempt = 0; attempt <= LegacyWire.MaxResends; attempt++)
        {
            await line.WriteAsync(wire, ct);
            var reply = await AwaitReplyAsync(ct);
            if (reply == LegacyWire.Ack)
            {
                return true;
            }

            if (reply != LegacyWire.Resend)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The front end's one-byte reply, or -1 when it sends none in time.</summary>
    private async Task<int> AwaitReplyAsync(CancellationToken ct)
    {
        try
        {
            return await line.ReadByteAsync(timeouts.Read, ct);
        }
        catch (TimeoutException)
        {
            return -1;
        }
    }
}
