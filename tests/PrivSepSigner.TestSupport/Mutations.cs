using System.Diagnostics;
using CsCheck;

namespace PrivSepSigner.TestSupport;

/// <summary>
/// Byte-level mutations of valid inputs for the parser property tests (the same kinds afl-fuzz
/// applies: flip a bit, overwrite a byte, cut, insert), and the "never hangs" bound.
/// </summary>
public static class Mutations
{
    /// <summary>Far above any honest parse (a few ms); a parse this slow is a hang for our purposes.</summary>
    public static readonly TimeSpan MaxParseTime = TimeSpan.FromSeconds(5);

    /// <summary>One to four mutations of <paramref name="valid"/>; each (kind, where, value) applies in order.</summary>
    public static Gen<byte[]> Of(byte[] valid) =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte).Array[1, 4].Select(ops =>
        {
            var bytes = valid.ToList();
            foreach (var (kind, where, value) in ops)
            {
                var at = where % (bytes.Count + 1);
                switch (kind)
                {
                    case 0 when at < bytes.Count:
                        bytes[at] ^= (byte)(1 << (value & 7));
                        break;
                    case 1 when at < bytes.Count:
                        bytes[at] = value;
                        break;
                    case 2:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                    default:
                        bytes.Insert(at, value);
                        break;
                }
            }

            return bytes.ToArray();
        });

    /// <summary>Runs <paramref name="parse"/>; only <typeparamref name="TDocumented"/> may escape, and it must end in time.</summary>
    public static void OnlyThrows<TDocumented>(Action parse)
        where TDocumented : Exception
    {
        var clock = Stopwatch.StartNew();
        try
        {
            parse();
        }
        catch (TDocumented)
        {
        }

        Assert.True(clock.Elapsed < MaxParseTime, $"parse took {clock.Elapsed}");
    }
}
