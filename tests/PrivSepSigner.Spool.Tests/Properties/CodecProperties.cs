using CsCheck;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Format;

namespace PrivSepSigner.Spool.Tests.Properties;

/// <summary>Property tests of the spool entry codec: any bytes → an entry or SpoolFormatException; entries round-trip; no flipped bit goes unnoticed.</summary>
public sealed class CodecProperties
{
    private static readonly Gen<SpoolEntry> Entries =
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 300]).Select((t, b) => new SpoolItem(t, b)).Array[0, 8]
            .Select(items => new SpoolEntry(SpoolNames.NewId(), DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000), items));

    [Fact]
    public void Any_bytes_are_an_entry_or_one_format_exception() =>
        Gen.Byte.Array[0, 2048].Sample(bytes =>
        {
            try
            {
                _ = SpoolEntryCodec.Decode(bytes, "0000000000000-0000000000000000");
            }
            catch (SpoolFormatException)
            {
            }
        }, iter: 5000);

    [Fact]
    public void Entries_round_trip() =>
        Entries.Sample(entry =>
        {
            var decoded = SpoolEntryCodec.Decode(SpoolEntryCodec.Encode(entry), entry.Id);
            Assert.Equal(entry.Id, decoded.Id);
            Assert.Equal(entry.Written, decoded.Written);
            Assert.Equal(entry.Items.Select(i => (i.Type, i.Body.ToArray())), decoded.Items.Select(i => (i.Type, i.Body.ToArray())));
        }, iter: 1000);

    [Fact]
    public void Every_flipped_bit_is_rejected() =>
        Gen.Select(Entries, Gen.Int[0, int.MaxValue], Gen.Int[0, 7]).Sample((entry, where, bit) =>
        {
            var bytes = SpoolEntryCodec.Encode(entry);
            bytes[where % bytes.Length] ^= (byte)(1 << bit);
            Assert.Throws<SpoolFormatException>(() => SpoolEntryCodec.Decode(bytes, entry.Id));
        }, iter: 3000);
}
