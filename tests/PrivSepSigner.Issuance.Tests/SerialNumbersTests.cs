namespace PrivSepSigner.Issuance.Tests;

public sealed class SerialNumbersTests
{
    [Fact]
    public void TenThousandSerialsAreDistinctPositiveSixteenOctets()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 10_000; i++)
        {
            var serial = SerialNumbers.NewSerial();
            Assert.Equal(16, serial.Length);
            Assert.Equal(0, serial[0] & 0x80);   // positive: DER needs no 0x00 pad (RFC 5280 4.1.2.2)
            Assert.NotEqual(0, serial[0]);       // minimal: DER is not shortened
            Assert.True(seen.Add(Convert.ToHexString(serial)));
        }

        Assert.Equal(10_000, seen.Count);
    }

    [Fact]
    public void SerialsAreNotConstantInAnyBytePosition()
    {
        var serials = Enumerable.Range(0, 200).Select(_ => SerialNumbers.NewSerial()).ToArray();
        for (var i = 0; i < 16; i++)
        {
            Assert.True(serials.Select(s => s[i]).Distinct().Count() > 10, $"octet {i} barely varies");
        }
    }
}
