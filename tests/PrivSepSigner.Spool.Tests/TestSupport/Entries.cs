using System.Buffers.Binary;
using System.IO.Hashing;
using PrivSepSigner.Spool.Format;

namespace PrivSepSigner.Spool.Tests.TestSupport;

/// <summary>Builders for valid entries and for hand-made record sequences.</summary>
internal static class Entries
{
    public static readonly DateTimeOffset Written = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    public static SpoolEntry Make(string id, int items = 1, int bodyLength = 16) =>
        new(id, Written, [.. Enumerable.Range(0, items).Select(i => new SpoolItem((byte)i, Body(bodyLength, i)))]);

    public static byte[] Body(int length, int seed) =>
        [.. Enumerable.Range(0, length).Select(j => (byte)((j * 31) + seed))];

    public static byte[] Record(char type, ReadOnlySpan<byte> value)
    {
        var record = new byte[5 + value.Length];
        record[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(1), (uint)value.Length);
        value.CopyTo(record.AsSpan(5));
        return record;
    }

    /// <summary>Magic + the given records + a correct 'E' record: only the record rules can reject it.</summary>
    public static byte[] Raw(params byte[][] records)
    {
        var body = new List<byte>("PSSPOOL1"u8.ToArray());
        foreach (var r in records)
        {
            body.AddRange(r);
        }

        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.HashToUInt32(body.ToArray()));
        body.AddRange(Record('E', crc));
        return [.. body];
    }

    public static byte[] V() => Record('V', [1]);

    public static byte[] I(string id) => Record('I', System.Text.Encoding.ASCII.GetBytes(id));

    public static byte[] W()
    {
        var value = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(value, Written.ToUnixTimeMilliseconds());
        return Record('W', value);
    }

    public static byte[] M(byte type, int bodyLength) => Record('M', [type, .. Body(bodyLength, type)]);

    public static void AssertSame(SpoolEntry expected, SpoolEntry actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Written.ToUnixTimeMilliseconds(), actual.Written.ToUnixTimeMilliseconds());
        Assert.Equal(expected.Items.Count, actual.Items.Count);
        for (var i = 0; i < expected.Items.Count; i++)
        {
            Assert.Equal(expected.Items[i].Type, actual.Items[i].Type);
            Assert.True(expected.Items[i].Body.Span.SequenceEqual(actual.Items[i].Body.Span), $"body of item {i} differs");
        }
    }
}
