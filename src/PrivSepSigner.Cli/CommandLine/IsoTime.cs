using System.Globalization;

namespace PrivSepSigner.Cli.CommandLine;

/// <summary>Times as the CLI prints them: ISO 8601 in UTC, to the second (the protocol's Unix ms are for machines).</summary>
internal static class IsoTime
{
    public static string Of(long unixMs) => Of(DateTimeOffset.FromUnixTimeMilliseconds(unixMs));

    public static string Of(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A time that may be absent (0 on the wire): null then.</summary>
    public static string? OrNull(long unixMs) => unixMs == 0 ? null : Of(unixMs);
}
