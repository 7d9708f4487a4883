using System.Globalization;
using System.Text;

namespace PrivSepSigner.Policy;

/// <summary>
/// IDNA2008 (RFC 5890-5892) checks of one DNS label in LDH form, as far as .NET's
/// <see cref="IdnMapping"/> and the explicit rules below allow. The daemons run with
/// InvariantGlobalization, so there is no ICU: IdnMapping decodes and encodes Punycode
/// (RFC 3492) but applies no IDNA table, and Unicode normalisation is not available.
/// Enforced:
/// <list type="bullet">
/// <item>RFC 5890 2.3.1: a label with "--" in positions 3 and 4 is reserved unless it is an A-label ("xn--").</item>
/// <item>RFC 5890 2.3.2.1 / RFC 5891 5.4: an A-label decodes, holds at least one non-ASCII code point, and encodes back to exactly itself (lower-cased).</item>
/// <item>RFC 5891 4.2.3.1-4.2.3.2: the U-label neither starts nor ends with a hyphen, has no "--" in positions 3 and 4, and does not start with a combining mark.</item>
/// <item>RFC 5892 2.1 LetterDigits: every code point is a lowercase or other letter, a modifier letter, a mark or a decimal digit (Ll, Lo, Lm, Mn, Mc, Nd), or the hyphen; symbols (emoji), punctuation, spaces, controls and unassigned code points are DISALLOWED. Uppercase (Lu) and titlecase letters, and lowercase letters that simple case folding changes (U+017F, U+00B5), fail 2.2 Unstable.</item>
/// <item>RFC 5892 2.6 Exceptions: the PVALID exceptions are allowed (U+00DF, U+03C2, U+06FD, U+06FE, U+0F0B, U+3007) and the DISALLOWED ones refused (U+0640, U+07FA, U+302E, U+302F, U+3031-3035, U+303B).</item>
/// <item>RFC 5892 2.3 IgnorableProperties, 2.4 IgnorableBlocks, 2.9 OldHangulJamo and, approximately, 2.2 Unstable for compatibility forms: the variation selectors and other default-ignorable marks, the Combining Diacritical Marks for Symbols and the musical symbol blocks, the old Hangul jamo, and the presentation-form, halfwidth/fullwidth and mathematical alphanumeric blocks are refused.</item>
/// <item>RFC 5892 Appendix A: CONTEXTJ and CONTEXTO code points are refused (they are format or punctuation characters, never LetterDigits), except the Arabic-Indic digits, which are allowed unless both sets are mixed (A.8, A.9).</item>
/// </list>
/// Not enforced: NFC (RFC 5891 5.2; needs normalisation data: instead the Combining
/// Diacritical Marks block U+0300-U+036F is refused, which in NFC text only remains where no
/// precomposed letter exists) and the Bidi rule (RFC 5893; needs bidirectional classes: instead
/// a label with a Hebrew or Arabic letter must not also hold a letter of another script).
/// </summary>
internal static class IdnaLabel
{
    private const string AcePrefix = "xn--";

    private static readonly IdnMapping Mapping = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Null when <paramref name="label"/> (LDH characters only) is acceptable, else why not.</summary>
    public static string? Error(string label)
    {
        if (label.Length < 4 || label[2] != '-' || label[3] != '-')
        {
            return null;
        }

        if (!label.StartsWith(AcePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return "labels with \"--\" in the third and fourth positions are reserved (RFC 5890 2.3.1)";
        }

        var ace = label.ToLowerInvariant();
        string unicode;
        try
        {
            unicode = Mapping.GetUnicode(ace);
        }
        catch (ArgumentException)
        {
            return "not a valid A-label (the Punycode does not decode, RFC 3492)";
        }

        string back;
        try
        {
            back = Mapping.GetAscii(unicode);
        }
        catch (ArgumentException)
        {
            return "not a valid A-label (its U-label does not encode again)";
        }

        if (!string.Equals(back, ace, StringComparison.Ordinal) || Ascii.IsValid(unicode))
        {
            return "not a valid A-label (it does not round-trip through its U-label, RFC 5891 5.4)";
        }

        return ULabelError(unicode);
    }

    private static string? ULabelError(string unicode)
    {
        if (unicode[0] == '-' || unicode[^1] == '-' || (unicode.Length >= 4 && unicode[2] == '-' && unicode[3] == '-'))
        {
            return "the U-label has a misplaced hyphen (RFC 5891 4.2.3.1)";
        }

        var first = true;
        bool arabicIndic = false, extendedArabicIndic = false, rightToLeft = false, otherLetter = false;
        foreach (var rune in unicode.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (first && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                return "the U-label starts with a combining mark (RFC 5891 4.2.3.2)";
            }

            first = false;
            if (CodePointError(rune, category) is { } error)
            {
                return $"U+{rune.Value:X4} {error}";
            }

            arabicIndic |= rune.Value is >= 0x0660 and <= 0x0669;
            extendedArabicIndic |= rune.Value is >= 0x06F0 and <= 0x06F9;
            if (category is UnicodeCategory.LowercaseLetter or UnicodeCategory.OtherLetter or UnicodeCategory.ModifierLetter)
            {
                if (IsRightToLeft(rune.Value))
                {
                    rightToLeft = true;
                }
                else
                {
                    otherLetter = true;
                }
            }
        }

        if (arabicIndic && extendedArabicIndic)
        {
            return "the U-label mixes Arabic-Indic and extended Arabic-Indic digits (RFC 5892 A.8, A.9)";
        }

        if (rightToLeft && otherLetter)
        {
            return "the U-label mixes right-to-left and left-to-right letters (RFC 5893)";
        }

        return null;
    }

    private static string? CodePointError(Rune rune, UnicodeCategory category)
    {
        var c = rune.Value;

        // RFC 5892 2.6: exceptions decide before the general rules.
        if (c is 0x00DF or 0x03C2 or 0x06FD or 0x06FE or 0x0F0B or 0x3007)
        {
            return null;
        }

        if (c is 0x0640 or 0x07FA or 0x302E or 0x302F or (>= 0x3031 and <= 0x3035) or 0x303B)
        {
            return "is DISALLOWED by the exceptions of RFC 5892 2.6";
        }

        if (c == '-')
        {
            return null;
        }

        if (category is not (UnicodeCategory.LowercaseLetter or UnicodeCategory.OtherLetter or UnicodeCategory.ModifierLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber))
        {
            return $"({category}) is not a letter, mark or digit: DISALLOWED (RFC 5892 2.1)";
        }

        // Simple case folding, approximately: µ and the like fold to another letter; .NET's
        // invariant casing leaves U+017F (long s), U+0345 and U+1FBE alone, which fold to s and iota.
        if (Rune.ToLowerInvariant(Rune.ToUpperInvariant(rune)) != rune || c is 0x017F or 0x0345 or 0x1FBE)
        {
            return "changes under case folding: DISALLOWED (RFC 5892 2.2)";
        }

        if (InRefusedBlock(c))
        {
            return "is in a block IDNA2008 disallows or that is not in NFC/NFKC form (RFC 5892 2.2-2.4, 2.9)";
        }

        return null;
    }

    private static bool InRefusedBlock(int c) =>
        c is (>= 0x0300 and <= 0x036F)        // Combining Diacritical Marks (NFC, see the class comment)
            or 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F) or 0x3164 // default ignorable (2.3)
            or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) // variation selectors (2.3)
            or (>= 0x20D0 and <= 0x20FF)      // Combining Diacritical Marks for Symbols (2.4)
            or (>= 0x1D100 and <= 0x1D24F)    // Musical Symbols, Ancient Greek Musical Notation (2.4)
            or (>= 0x1100 and <= 0x11FF) or (>= 0xA960 and <= 0xA97F) or (>= 0xD7B0 and <= 0xD7FF) // Hangul jamo (2.9)
            or (>= 0xFB00 and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) // presentation forms (2.2)
            or (>= 0xFF00 and <= 0xFFEF)      // halfwidth and fullwidth forms (2.2)
            or (>= 0x1D400 and <= 0x1D7FF);   // mathematical alphanumeric symbols (2.2)

    /// <summary>Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and the Arabic extensions: scripts written right to left.</summary>
    private static bool IsRightToLeft(int c) =>
        c is (>= 0x0590 and <= 0x08FF) or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF);
}
