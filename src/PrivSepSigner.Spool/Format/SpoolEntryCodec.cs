using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace PrivSepSigner.Spool.Format;

/// <summary>
/// The entry file format (docs/spool-format.md): magic, then V, I, W, 0..256 M, E records, each
/// type(1) | length(u32 BE) | value, in exactly that order (Postfix record.c / rec_type.h style).
/// </summary>
public static class SpoolEntryCodec
{
    /// <summary>Latest time a 'W' record may carry: 9999-12-31T23:59:59.999Z.</summary>
    private static readonly long MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <param name="entry">The entry.</param>
    /// <param name="maxItemBody">The longest message body allowed in this directory (<see cref="SpoolLimits.MaxItemBody"/>, or <see cref="SpoolLimits.MaxAnswerItemBody"/> for answers).</param>
    public static byte[] Encode(SpoolEntry entry, int maxItemBody = SpoolLimits.MaxItemBody)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxItemBody, SpoolLimits.MaxAnswerItemBody);
        if (!SpoolNames.IsValid(entry.Id))
        {
            throw new ArgumentException("entry id is not a valid spool name", nameof(entry));
        }

        ArgumentNullException.ThrowIfNull(entry.Items, nameof(entry));
        if (entry.Items.Count > SpoolLimits.MaxItems)
        {
            throw new ArgumentException($"{entry.Items.Count} items, at most {SpoolLimits.MaxItems}", nameof(entry));
        }

        var ms = entry.Written.ToUnixTimeMilliseconds();
        if (ms < 0)
        {
            throw new ArgumentException("written time before 1970", nameof(entry));
        }

        long size = SpoolLimits.MagicLength
            + SpoolLimits.RecordHeaderLength + 1
            + SpoolLimits.RecordHeaderLength + entry.Id.Length
            + SpoolLimits.RecordHeaderLength + 8
            + SpoolLimits.RecordHeaderLength + 4;
        foreach (var item in entry.Items)
        {
            if (item.Body.Length > maxItemBody)
            {
                throw new ArgumentException($"item body of {item.Body.Length} bytes, at most {maxItemBody}", nameof(entry));
            }

            size += SpoolLimits.RecordHeaderLength + 1 + item.Body.Length;
        }

        if (size > SpoolLimits.MaxEntryBytes)
        {
            throw new ArgumentException($"entry of {size} bytes, at most {SpoolLimits.MaxEntryBytes}", nameof(entry));
        }

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        SpoolRecordType.Magic.CopyTo(span);
        var pos = SpoolLimits.MagicLength;
        pos = WriteHeader(span, pos, SpoolRecordType.Version, 1);
        span[pos++] = SpoolRecordType.CurrentVersion;
        pos = WriteHeader(span, pos, SpoolRecordType.Id, entry.Id.Length);
        pos += Encoding.ASCII.GetBytes(entry.Id, span[pos..]);
        pos = WriteHeader(span, pos, SpoolRecordType.Written, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[pos..], ms);
        pos += 8;
        foreach (var item in entry.Items)
        {
            pos = WriteHeader(span, pos, SpoolRecordType.Message, 1 + item.Body.Length);
            span[pos++] = item.Type;
            item.Body.Span.CopyTo(span[pos..]);
            pos += item.Body.Length;
        }

        var crc = Crc32.HashToUInt32(span[..pos]);
        pos = WriteHeader(span, pos, SpoolRecordType.End, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], crc);
        return buffer;
    }

    /// <summary>
    /// Parses hostile bytes. Every deviation from the one allowed record sequence, every length
    /// over its limit and every checksum mismatch is a <see cref="SpoolFormatException"/>.
    /// </summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="expectedId">The file name, which the I record must equal.</param>
    /// <param name="maxItemBody">The longest message body allowed in this directory.</param>
    public static SpoolEntry Decode(ReadOnlySpan<byte> data, string expectedId, int maxItemBody = SpoolLimits.MaxItemBody)
    {
        ArgumentNullException.ThrowIfNull(expectedId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxItemBody, SpoolLimits.MaxAnswerItemBody);
        if (data.Length > SpoolLimits.MaxEntryBytes)
        {
            throw new SpoolFormatException($"entry of {data.Length} bytes, at most {SpoolLimits.MaxEntryBytes}");
        }

        if (!data.StartsWith(SpoolRecordType.Magic))
        {
            throw new SpoolFormatException("bad magic: not a PSSPOOL1 entry");
        }

        var records = new SpoolRecordReader(data, SpoolLimits.MagicLength);

        var version = records.Expect(SpoolRecordType.Version, 1, 1);
        if (version[0] != SpoolRecordType.CurrentVersion)
        {
            throw new SpoolFormatException($"unsupported version {version[0]}");
        }

        var idBytes = records.Expect(SpoolRecordType.Id, 1, SpoolLimits.MaxNameLength);
        if (!Ascii.IsValid(idBytes))
        {
            throw new SpoolFormatException("entry id is not ASCII");
        }

        var id = Encoding.ASCII.GetString(idBytes);
        if (!SpoolNames.IsValid(id) || !string.Equals(id, expectedId, StringComparison.Ordinal))
        {
            throw new SpoolFormatException("entry id does not match the file name");
        }

        var ms = BinaryPrimitives.ReadInt64BigEndian(records.Expect(SpoolRecordType.Written, 8, 8));
        if (ms < 0 || ms > MaxUnixMs)
        {
            throw new SpoolFormatException($"written time {ms} out of range");
        }

        var items = new List<SpoolItem>();
        while (records.PeekType() == SpoolRecordType.Message)
        {
            if (items.Count == SpoolLimits.MaxItems)
            {
                throw new SpoolFormatException($"more than {SpoolLimits.MaxItems} message records");
            }

            var value = records.Expect(SpoolRecordType.Message, 1, maxItemBody + 1);
            items.Add(new SpoolItem(value[0], value[1..].ToArray()));
        }

        var crcEnd = records.Position;
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(records.Expect(SpoolRecordType.End, 4, 4));
        if (!records.AtEnd)
        {
            throw new SpoolFormatException($"{data.Length - records.Position} bytes after the end record");
        }

        if (crc != Crc32.HashToUInt32(data[..crcEnd]))
        {
            throw new SpoolFormatException("checksum mismatch");
        }

        return new SpoolEntry(id, DateTimeOffset.FromUnixTimeMilliseconds(ms), items);
    }

    private static int WriteHeader(Span<byte> span, int pos, byte type, int length)
    {
        span[pos] = type;
        BinaryPrimitives.WriteUInt32BigEndian(span[(pos + 1)..], (uint)length);
        return pos + SpoolLimits.RecordHeaderLength;
    }
}
