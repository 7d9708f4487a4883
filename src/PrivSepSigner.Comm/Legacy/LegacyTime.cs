using System.Globalization;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// The keepalive's clock text: UTC as <c>MMDDhhmmYYYY.ss</c>, the date(1) argument format
/// CAcert's client.pl sends (<c>%m%d%H%M%Y.%S</c>), exactly 15 characters. The answer uses it too.
/// </summary>
internal static class LegacyTime
{
    public const string Format = "MMddHHmmyyyy'.'ss";
    private const int Length = 15;

    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset utc)
    {
        utc = default;
        if (text.Length != Length)
        {
            return false;
        }

        for (var i = 0; i < Length; i++)
        {
            var ok = i == 12 ? text[i] == (byte)'.' : text[i] is >= (byte)'0' and <= (byte)'9';
            if (!ok)
            {
                return false;
            }
        }

        var s = System.Text.Encoding.ASCII.GetString(text);
        if (!DateTime.TryParseExact(s, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        utc = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }

    public static string Write(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
