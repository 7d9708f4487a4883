namespace PrivSepSigner.Logging.Verification;

/// <summary>Splits a stream on LF with a hard line limit; the collected file is hostile input.</summary>
internal sealed class LineReader
{
    private readonly Stream stream;
    private readonly int maxLineBytes;
    private readonly byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;

    public LineReader(Stream stream, int maxLineBytes)
    {
        this.stream = stream;
        this.maxLineBytes = maxLineBytes;
    }

    /// <summary>
    /// The next line without its LF, or null at end of stream. <paramref name="terminated"/> is false
    /// for a last line with no LF; <paramref name="tooLong"/> when the line was cut at the limit.
    /// </summary>
    public byte[]? Next(out bool terminated, out bool tooLong)
    {
        var line = new MemoryStream();
        tooLong = false;
        while (true)
        {
            if (start == end)
            {
                start = 0;
                end = stream.Read(buffer, 0, buffer.Length);
                if (end == 0)
                {
                    terminated = false;
                    return line.Length == 0 && !tooLong ? null : line.ToArray();
                }
            }
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            var chunkEnd = newline < 0 ? end : newline;
            var room = maxLineBytes - (int)line.Length;
            var take = Math.Min(chunkEnd - start, Math.Max(room, 0));
            line.Write(buffer, start, take);
            tooLong |= chunkEnd - start > take;
            if (newline >= 0)
            {
                start = newline + 1;
                terminated = true;
                return line.ToArray();
            }
            start = end;
        }
    }
}
