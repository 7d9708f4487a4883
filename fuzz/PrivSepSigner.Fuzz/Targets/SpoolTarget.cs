using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Format;

namespace PrivSepSigner.Fuzz.Targets;

/// <summary>
/// The spool entry codec as the signer runs it on hostile entries (boundary 2). Only
/// <see cref="SpoolFormatException"/> is expected; an accepted entry must encode back to exactly
/// the input, because the format has one encoding per entry.
/// </summary>
internal static class SpoolTarget
{
    /// <summary>The entry id every seed in fuzz/corpus/spool carries.</summary>
    public const string EntryId = "0000000000000-0000000000000000";

    public static void Run(byte[] input)
    {
        SpoolEntry entry;
        try
        {
            entry = SpoolEntryCodec.Decode(input, EntryId);
        }
        catch (SpoolFormatException)
        {
            return;
        }

        if (!SpoolEntryCodec.Encode(entry).AsSpan().SequenceEqual(input))
        {
            throw new InvalidOperationException("an accepted spool entry does not encode back to the same bytes");
        }
    }
}
