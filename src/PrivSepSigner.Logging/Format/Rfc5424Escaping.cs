using System.Globalization;
using System.Text;

namespace PrivSepSigner.Logging.Format;

/// <summary>
/// Escaping rules that keep one message on one line and keep the header parseable.
/// </summary>
internal static class Rfc5424Escaping
{
    /// <summary>
    /// MSG text: the link is LF-framed (REFERENCE 5), so no control character may pass.
    /// Backslash is escaped too, so that "\n" in the output always means an escaped LF and
    /// never a literal backslash-n typed by a requester.
    /// </summary>
    public static void AppendMessageText(StringBuilder output, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                output.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                // A lone surrogate cannot be encoded as UTF-8 (RFC 3629 3); mark it visibly.
                output.Append('\uFFFD');
                continue;
            }
            AppendEscapedChar(output, c);
        }
    }

    /// <summary>
    /// Any text for a line-based log (the journal copy, Serilog's self-log): its final line
    /// break dropped, the rest escaped as MSG text, so it is one line whatever it contains.
    /// </summary>
    public static string OneLine(string text)
    {
        var body = text.AsSpan().TrimEnd("\r\n");
        var escaped = new StringBuilder(body.Length + 16);
        AppendMessageText(escaped, body.ToString());
        return escaped.ToString();
    }

    /// <summary>RFC 5424 6.3.3: inside PARAM-VALUE, '"', '\' and ']' MUST be escaped with '\'.</summary>
    public static void AppendParamValue(StringBuilder output, string value)
    {
        foreach (var c in value)
        {
            if (c is '"' or '\\' or ']')
            {
                output.Append('\\').Append(c);
            }
            else if (char.IsSurrogate(c))
            {
                // Pairs are rare in property values; replacing keeps the value valid UTF-8 simply.
                output.Append('\uFFFD');
            }
            else
            {
                AppendEscapedChar(output, c);
            }
        }
    }

    /// <summary>
    /// Header fields (HOSTNAME, APP-NAME, PROCID, MSGID) are PRINTUSASCII, %d33-126 (RFC 5424 6).
    /// Anything else becomes '_'; an empty field becomes NILVALUE.
    /// </summary>
    public static string HeaderField(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }
        var builder = new StringBuilder(Math.Min(value.Length, maxLength));
        foreach (var c in value)
        {
            if (builder.Length == maxLength)
            {
                break;
            }
            builder.Append(c is >= '!' and <= '~' ? c : '_');
        }
        return builder.ToString();
    }

    /// <summary>RFC 5424 6.3.3 PARAM-NAME / 6.3.2 SD-ID: 1*32 PRINTUSASCII except '=', SP, ']', '"'.</summary>
    public static string SdName(string name)
    {
        var builder = new StringBuilder(Math.Min(name.Length, 32));
        foreach (var c in name)
        {
            if (builder.Length == 32)
            {
                break;
            }
            builder.Append(c is >= '!' and <= '~' and not '=' and not ']' and not '"' ? c : '_');
        }
        return builder.Length == 0 ? "_" : builder.ToString();
    }

    private static void AppendEscapedChar(StringBuilder output, char c)
    {
        switch (c)
        {
            case '\\':
                output.Append(@"\\");
                break;
            case '\n':
                output.Append(@"\n");
                break;
            case '\r':
                output.Append(@"\r");
                break;
            case '\t':
                output.Append(@"\t");
                break;
            // C0, DEL, C1 and the Unicode line/paragraph separators: all could break a line somewhere.
            case < ' ' or '\u007f' or (>= '\u0080' and <= '\u009f') or '\u2028' or '\u2029':
                output.Append(c < 0x100 ? @"\x" : @"\u")
                    .Append(((int)c).ToString(c < 0x100 ? "x2" : "x4", CultureInfo.InvariantCulture));
                break;
            default:
                output.Append(c);
                break;
        }
    }
}
