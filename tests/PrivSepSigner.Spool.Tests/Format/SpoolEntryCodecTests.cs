using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Tests.TestSupport;

namespace PrivSepSigner.Spool.Tests.Format;

public sealed class SpoolEntryCodecTests
{
    private const string Id = "0000000000001-0123456789abcdef";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(SpoolLimits.MaxItems)]
    public void RoundTripsEntries(int items)
    {
        var entry = Entries.Make(Id, items);

        var decoded = SpoolEntryCodec.Decode(SpoolEntryCodec.Encode(entry), Id);

        Entries.AssertSame(entry, decoded);
    }

    [Fact]
    public void RoundTripsMaximumBodyAndEmptyBody()
    {
        var entry = new SpoolEntry(Id, Entries.Written, [new SpoolItem(0xFF, Entries.Body(SpoolLimits.MaxItemBody, 7)), new SpoolItem(0, Array.Empty<byte>())]);

        var decoded = SpoolEntryCodec.Decode(SpoolEntryCodec.Encode(entry), Id);

        Entries.AssertSame(entry, decoded);
    }

    [Fact]
    public void LargestEntryIsExactlyMaxEntryBytes()
    {
        var id = new string('a', SpoolLimits.MaxNameLength);
        var entry = Entries.Make(id, SpoolLimits.MaxItems, SpoolLimits.MaxItemBody);

        var data = SpoolEntryCodec.Encode(entry);

        Assert.Equal(SpoolLimits.MaxEntryBytes, data.Length);
        Entries.AssertSame(entry, SpoolEntryCodec.Decode(data, id));
    }

    [Fact]
    public void KeepsMillisecondsAndDropsTheOffset()
    {
        var written = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2));
        var entry = new SpoolEntry(Id, written, []);

        var decoded = SpoolEntryCodec.Decode(SpoolEntryCodec.Encode(entry), Id);

        Assert.Equal(written, decoded.Written);
        Assert.Equal(TimeSpan.Zero, decoded.Written.Offset);
    }

    [Fact]
    public void EncodeRefusesOversizedBody() =>
        Assert.Throws<ArgumentException>(() => SpoolEntryCodec.Encode(new SpoolEntry(Id, Entries.Written, [new SpoolItem(1, new byte[SpoolLimits.MaxItemBody + 1])])));

    [Fact]
    public void EncodeRefusesTooManyItems() =>
        Assert.Throws<ArgumentException>(() => SpoolEntryCodec.Encode(Entries.Make(Id, SpoolLimits.MaxItems + 1, 0)));

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("Upper")]
    public void EncodeRefusesInvalidId(string id) =>
        Assert.Throws<ArgumentException>(() => SpoolEntryCodec.Encode(new SpoolEntry(id, Entries.Written, [])));

    [Fact]
    public void RejectsBadMagic()
    {
        var data = SpoolEntryCodec.Encode(Entries.Make(Id));
        data[7] = (byte)'2';

        var e = Assert.Throws<SpoolFormatException>(() => SpoolEntryCodec.Decode(data, Id));
        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsEveryTruncation()
    {
        var data = SpoolEntryCodec.Encode(Entries.Make(Id, 3, 5));

        for (var length = 0; length < data.Length; length++)
        {
            var cut = data[..length];
            Assert.Throws<SpoolFormatException>(() => SpoolEntryCodec.Decode(cut, Id));
        }
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void RejectsAnyChangedByte(byte flip)
    {
        var data = SpoolEntryCodec.Encode(Entries.Make(Id, 3, 5));

        for (var i = 0; i < data.Length; i++)
        {
            var damaged = (byte[])data.Clone();
            damaged[i] ^= flip;
            Assert.Throws<SpoolFormatException>(() => SpoolEntryCodec.Decode(damaged, Id));
        }
    }

    [Fact]
    public void ChecksumCatchesAChangedBody()
    {
        var data = SpoolEntryCodec.Encode(Entries.Make(Id, 1, 32));
        data[^20] ^= 0x10; // inside the body, before the 9-byte E record

        var e = Assert.Throws<SpoolFormatException>(() => SpoolEntryCodec.Decode(data, Id));
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptsHandMadeValidSequence() =>
        Assert.Equal(2, SpoolEntryCodec.Decode(Entries.Raw(Entries.V(), Entries.I(Id), Entries.W(), Entries.M(1, 3), Entries.M(2, 0)), Id).Items.Count);

    [Fact]
    public void RejectsUnknownRecordType() =>
        AssertRejected(Entries.Raw(Entries.V(), Entries.I(Id), Entries.W(), Entries.Record('X', [1, 2])));

    [Fact]
    public void RejectsUnknownRecordTypeInPlaceOfVersion() =>
        AssertRejected(Entries.Raw(Entries.Record('X', [1]), Entries.V(), Entries.I(Id), Entries.W()));

    [Fact]
    public void RejectsDuplicateVersion() =>
        AssertRejected(Entries.Raw(Entries.V(), Entries.V(), Entries.I(Id), Entries.W()));

    [Fact]
    public void RejectsDuplicateId() =>
        AssertRejected(Entries.Raw(Entries.V(), Entries.I(Id), Entries.I(Id), Entries.W()));

    [Fact]
    public void RejectsRecordsOutOfOrder() =>
        AssertRejected(Entries.Raw(Entries.V(), Entries.W(), Entries.I(Id)));

    [Fact]
    public void RejectsMetadataAfterMessages() =>
        AssertRejected(Entries.Raw(Entries.V(), Entries.I(Id), Entries.W(), Entries.M(1, 1), Entries.W()));

    [Fact]
    public void RejectsMissingWrittenTime() =>
        AssertRejected(Entries.Raw(Entries.V(), Entries.I(Id), Entries.M(1, 1)));

    [Fact]
    public void RejectsOtherVersion() =>
        AssertRejected(Entries.Raw(Entries.Record('V', [2]), Entries.I(Id), Entries.W()));

    [Fact]
    public void RejectsMoreThanMaxItems()
    {
        var records = new List<byte[]> { Entries.V(), Entries.I(Id), Entries.W() };
        records.AddRange(Enumerable.Range(0, SpoolLimits.MaxItems + 1).Select(_ => Entries.M(1, 0)));

        var e = AssertRejected(Entries.Raw([.. records]));
        Assert.Contains("more than 256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsEmptyMessageRecord() =>
        AssertRejected(Entries.Raw(Entries.V(), Entries.I(Id), Entries.W(), Entries.Record('M', [])));

    [Fact]
    public void RejectsMessageLongerThanLimitBeforeReadingIt()
    {
        // Declares 65537 bytes but carries only 3: the length check must fire, not the truncation check.
        var header = Entries.Record('M', [1, 2, 3]);
        header[1] = 0;
        header[2] = 1;
        header[3] = 0;
        header[4] = 1;

        var e = AssertRejected(Entries.Raw(Entries.V(), Entries.I(Id), Entries.W(), header));
        Assert.Contains("length 65537", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsWrongLengthOfFixedRecords()
    {
        AssertRejected(Entries.Raw(Entries.V(), Entries.I(Id), Entries.Record('W', new byte[7])));
        AssertRejected(Entries.Raw(Entries.Record('V', [1, 0]), Entries.I(Id), Entries.W()));
        AssertRejected(Entries.Raw(Entries.V(), Entries.Record('I', []), Entries.W()));
    }

    [Fact]
    public void RejectsNegativeWrittenTime() =>
        AssertRejected(Entries.Raw(Entries.V(), Entries.I(Id), Entries.Record('W', [0x80, 0, 0, 0, 0, 0, 0, 0])));

    [Fact]
    public void RejectsBytesAfterEnd()
    {
        var data = SpoolEntryCodec.Encode(Entries.Make(Id));

        var e = AssertRejected([.. data, 0]);
        Assert.Contains("after the end record", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsSecondEndRecord()
    {
        var data = SpoolEntryCodec.Encode(Entries.Make(Id));

        AssertRejected([.. data, .. data[^9..]]);
    }

    [Fact]
    public void RejectsIdMismatch()
    {
        var data = SpoolEntryCodec.Encode(Entries.Make(Id));

        var e = Assert.Throws<SpoolFormatException>(() => SpoolEntryCodec.Decode(data, "0000000000001-0123456789abcdee"));
        Assert.Contains("does not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsInvalidIdEvenWhenItMatches() =>
        Assert.Throws<SpoolFormatException>(() => SpoolEntryCodec.Decode(Entries.Raw(Entries.V(), Entries.I("A.B"), Entries.W()), "A.B"));

    [Fact]
    public void RejectsInputOverMaxEntryBytes() =>
        Assert.Throws<SpoolFormatException>(() => SpoolEntryCodec.Decode(new byte[SpoolLimits.MaxEntryBytes + 1], Id));

    private static SpoolFormatException AssertRejected(byte[] data) =>
        Assert.Throws<SpoolFormatException>(() => SpoolEntryCodec.Decode(data, Id));

    [Fact]
    public void AnswerEntriesMayCarryLargerMessagesThanRequestEntries()
    {
        var entry = new SpoolEntry(Id, Entries.Written, [new SpoolItem(0x86, Entries.Body(SpoolLimits.MaxAnswerItemBody, 3))]);
        Assert.Throws<ArgumentException>(() => SpoolEntryCodec.Encode(entry));
        var data = SpoolEntryCodec.Encode(entry, SpoolLimits.MaxAnswerItemBody);

        Entries.AssertSame(entry, SpoolEntryCodec.Decode(data, Id, SpoolLimits.MaxAnswerItemBody));
        var e = Assert.Throws<SpoolFormatException>(() => SpoolEntryCodec.Decode(data, Id));
        Assert.Contains("length", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ArgumentException>(() => SpoolEntryCodec.Encode(new SpoolEntry(Id, Entries.Written, [new SpoolItem(1, new byte[SpoolLimits.MaxAnswerItemBody + 1])]), SpoolLimits.MaxAnswerItemBody));
    }

    [Fact]
    public void TheLargestRequestEntryIsAsDocumented()
    {
        var id = new string('a', SpoolLimits.MaxNameLength);
        var data = SpoolEntryCodec.Encode(Entries.Make(id, SpoolLimits.MaxRequestItems, SpoolLimits.MaxItemBody));

        Assert.Equal(4_194_793, SpoolLimits.MaxRequestEntryBytes); // docs/spool-format.md, "Limits"
        // 64 full messages are 64 bytes short of the 4 MiB of bodies the limit allows.
        Assert.Equal(SpoolLimits.MaxRequestEntryBytes - SpoolLimits.MaxRequestItems, data.Length);
    }
}
