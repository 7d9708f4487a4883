using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PrivSepSigner.Logging.Chain;

namespace PrivSepSigner.Logging.Verification;

/// <summary>
/// Parses one collected line. The collector config we ship writes %rawmsg% unchanged, but a
/// prefix (e.g. a receive timestamp) before the RFC 5424 header is tolerated: the MAC covers
/// the line from "&lt;PRI&gt;1 " on. The input is hostile: every field is checked.
/// </summary>
internal static partial class SyslogLineParser
{
    private const int MacHexLength = 64;

    public static LineParseStatus Parse(byte[] line, out ParsedLine? parsed, out string? error)
    {
        parsed = null;
        error = null;
        // Latin-1 maps each byte to one char, so string offsets are byte offsets.
        var text = Encoding.Latin1.GetString(line);
        var header = HeaderStart().Match(text);
        if (!header.Success)
        {
            return LineParseStatus.Unchained;
        }
        var claimsChain = text.Contains("[" + MacChain.SdId + " ", StringComparison.Ordinal);
        LineParseStatus Fail() => claimsChain ? LineParseStatus.Malformed : LineParseStatus.Unchained;
        var start = header.Index;
        var pos = header.Index + header.Length;
        // RFC 5424 6: TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA
        var fields = new string[5];
        for (var i = 0; i < fields.Length; i++)
        {
            var space = text.IndexOf(' ', pos);
            if (space <= pos)
            {
                error = "truncated RFC 5424 header";
                return Fail();
            }
            fields[i] = text[pos..space];
            pos = space + 1;
        }
        if (pos >= text.Length || text[pos] != '[')
        {
            error = "no structured data";
            return Fail();
        }
        var elements = new List<SdElement>();
        int macStart = -1, macEnd = -1;
        while (pos < text.Length && text[pos] == '[')
        {
            if (!TryParseElement(text, ref pos, out var element, out var valueStart, out var valueEnd))
            {
                error = "malformed SD-ELEMENT (RFC 5424 6.3)";
                return Fail();
            }
            if (element.Id == MacChain.SdId)
            {
                if (elements.Count != 0)
                {
                    error = "chain element is not the first SD-ELEMENT";
                    return Fail();
                }
                (macStart, macEnd) = (valueStart, valueEnd);
            }
            elements.Add(element);
        }
        if (macStart < 0)
        {
            error = "no chain element";
            return Fail();
        }
        var chain = elements[0].Parameters;
        if (!chain.TryGetValue("boot", out var boot) || !MacChain.IsValidBootId(boot)
            || !chain.TryGetValue("seq", out var seqText) || !TryParseSequence(seqText, out var sequence)
            || !chain.TryGetValue("mac", out var macText) || macText.Length != MacHexLength
            || !macText.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')
            || macEnd - macStart != MacHexLength)
        {
            error = "chain element lacks a valid boot, seq or mac";
            return LineParseStatus.Malformed;
        }
        var macInput = new byte[line.Length - start - MacHexLength];
        line.AsSpan(start, macStart - start).CopyTo(macInput);
        line.AsSpan(macEnd).CopyTo(macInput.AsSpan(macStart - start));
        DateTimeOffset? timestamp = DateTimeOffset.TryParse(fields[0], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsedTime) ? parsedTime : null;
        parsed = new ParsedLine(fields[2], boot, sequence, Convert.FromHexString(macText), macInput, fields[4], timestamp, elements);
        return LineParseStatus.Chained;
    }

    /// <summary>Decimal, no sign, no leading zero: one spelling per number, as the sender writes it.</summary>
    private static bool TryParseSequence(string text, out ulong sequence)
    {
        sequence = 0;
        return text.Length is > 0 and <= 20
            && (text == "0" || text[0] != '0')
            && text.All(char.IsAsciiDigit)
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    /// <summary>RFC 5424 6.3.1-6.3.3: "[" SD-ID *(SP PARAM-NAME "=" DQUOTE PARAM-VALUE DQUOTE) "]".</summary>
    private static bool TryParseElement(string text, ref int pos, out SdElement element, out int macStart, out int macEnd)
    {
        element = null!;
        macStart = macEnd = -1;
        var i = pos + 1;
        var idEnd = i;
        while (idEnd < text.Length && text[idEnd] is not (' ' or ']' or '=' or '"'))
        {
            idEnd++;
        }
        if (idEnd == i || idEnd - i > 32 || idEnd >= text.Length)
        {
            return false;
        }
        var id = text[i..idEnd];
        i = idEnd;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        while (i < text.Length && text[i] == ' ')
        {
            i++;
            var nameEnd = text.IndexOf('=', i);
            if (nameEnd <= i || nameEnd - i > 32 || nameEnd + 1 >= text.Length || text[nameEnd + 1] != '"')
            {
                return false;
            }
            var name = text[i..nameEnd];
            if (name.Any(c => c is ' ' or ']' or '"' || c < '!' || c > '~'))
            {
                return false;
            }
            i = nameEnd + 2;
            var valueStart = i;
            var value = new StringBuilder();
            while (i < text.Length && text[i] != '"')
            {
                // RFC 5424 6.3.3: only \" \\ \] are escapes; any other backslash stands for itself.
                if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or ']')
                {
                    i++;
                }
                value.Append(text[i]);
                i++;
            }
            if (i >= text.Length || !parameters.TryAdd(name, value.ToString()))
            {
                return false;
            }
            if (id == MacChain.SdId && name == "mac")
            {
                (macStart, macEnd) = (valueStart, i);
            }
            i++;
        }
        if (i >= text.Length || text[i] != ']')
        {
            return false;
        }
        pos = i + 1;
        element = new SdElement(id, parameters);
        return true;
    }

    /// <summary>RFC 5424 6.2: "&lt;" 1*3DIGIT "&gt;" VERSION SP, VERSION being 1.</summary>
    [GeneratedRegex(@"<\d{1,3}>1 ", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderStart();
}
