using System.Buffers.Binary;

namespace PrivSepSigner.Spool.Format;

/// <summary>Walks the records of an entry, checking each header against the bytes that remain.</summary>
internal ref struct SpoolRecordReader
{
    private readonly ReadOnlySpan<byte> data;

    public SpoolRecordReader(ReadOnlySpan<byte> data, int position)
    {
        this.data = data;
        Position = position;
    }

    public int Position { get; private set; }

    public readonly bool AtEnd => Position == data.Length;

    /// <summary>The type of the next record, without consuming it.</summary>
    public readonly byte PeekType()
    {
        if (Position >= data.Length)
        {
            throw new SpoolFormatException($"truncated: record expected at offset {Position}");
        }

        return data[Position];
    }

    /// <summary>
    /// Consumes one record of type <paramref name="type"/> whose value is
    /// <paramref name="minLength"/>..<paramref name="maxLength"/> bytes. The length is compared
    /// with the limit and with what remains before the value is touched.
    /// </summary>
    public ReadOnlySpan<byte> Expect(byte type, int minLength, int maxLength)
    {
        var actual = PeekType();
        if (actual != type)
        {
            throw new SpoolFormatException($"record '{Printable(actual)}' at offset {Position} where '{(char)type}' is required");
        }

        if (data.Length - Position < SpoolLimits.RecordHeaderLength)
        {
            throw new SpoolFormatException($"truncated: record header at offset {Position}");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(Position + 1, 4));
        if (length < (uint)minLength || length > (uint)maxLength)
        {
            throw new SpoolFormatException($"record '{(char)type}' at offset {Position} has length {length}, allowed {minLength}..{maxLength}");
        }

        var valueStart = Position + SpoolLimits.RecordHeaderLength;
        if ((uint)(data.Length - valueStart) < length)
        {
            throw new SpoolFormatException($"truncated: record '{(char)type}' at offset {Position} needs {length} bytes");
        }

        Position = valueStart + (int)length;
        return data.Slice(valueStart, (int)length);
    }

    private static string Printable(byte b) => b is >= 0x21 and < 0x7F ? ((char)b).ToString() : $"0x{b:x2}";
}
