using System.Globalization;
using System.Text;
using Serilog.Events;
using Serilog.Parsing;

namespace PrivSepSigner.Logging.Format;

/// <summary>
/// Renders one Serilog event as one RFC 5424 syslog line (no trailing LF):
/// <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD...] MSG</c>.
/// The output never contains a control character, so LF framing over a serial line
/// (REFERENCE 5) can resynchronise after any lost byte.
/// </summary>
/// <remarks>
/// Structured data uses the RFC 5612 documentation PEN 32473 in SD-IDs ("fields@32473",
/// RFC 5424 6.3.2 requires name@PEN for non-IANA IDs). A production deployment with its
/// own PEN changes <see cref="EnterpriseNumber"/> and the verifier together.
/// </remarks>
public sealed class Rfc5424Formatter
{
    /// <summary>RFC 5612 3: 32473 is the private enterprise number reserved for documentation.</summary>
    public const string EnterpriseNumber = "32473";

    public const string FieldsSdId = "fields@" + EnterpriseNumber;
    public const string AuditMsgId = "audit";
    public const string AuditPrefix = "audit:";
    public const int DefaultMaxMessageBytes = 2048;

    private const string TruncationMarker = " [truncated]";
    private const int MaxFields = 16;
    private const int MaxFieldValueChars = 256;

    private readonly string appName;
    private readonly string hostName;
    private readonly string processId;
    private readonly int facility;
    private readonly int maxMessageBytes;

    public Rfc5424Formatter(
        string appName,
        SyslogFacility facility = SyslogFacility.Local0,
        string? hostName = null,
        int? processId = null,
        int maxMessageBytes = DefaultMaxMessageBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(appName);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 64);
        // RFC 5424 6.2.2, 6.2.5, 6.2.6: field lengths 255 / 48 / 128.
        this.appName = Rfc5424Escaping.HeaderField(appName, 48);
        this.hostName = Rfc5424Escaping.HeaderField(hostName ?? Environment.MachineName, 255);
        this.processId = (processId ?? Environment.ProcessId).ToString(CultureInfo.InvariantCulture);
        this.facility = (int)facility;
        this.maxMessageBytes = maxMessageBytes;
    }

    /// <summary>RFC 5424 6.2.1 table 2; Serilog has no "notice", "alert" or "emergency".</summary>
    public static int Severity(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => 2,
        LogEventLevel.Error => 3,
        LogEventLevel.Warning => 4,
        LogEventLevel.Information => 6,
        _ => 7,
    };

    /// <summary>RFC 5424 6.2.1: PRI = facility * 8 + severity.</summary>
    public int Priority(LogEventLevel level) => facility * 8 + Severity(level);

    /// <summary>An event is an audit record if its template starts "audit:" or it carries Audit=true.</summary>
    public static bool IsAudit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        return logEvent.MessageTemplate.Text.StartsWith(AuditPrefix, StringComparison.Ordinal)
            || (logEvent.Properties.TryGetValue("Audit", out var value)
                && value is ScalarValue { Value: true });
    }

    /// <summary>
    /// Formats a Serilog event. <paramref name="leadingStructuredData"/> (already escaped,
    /// e.g. the chain element) goes first so the verifier finds it at a fixed place.
    /// </summary>
    public string Format(LogEvent logEvent, string leadingStructuredData = "")
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(leadingStructuredData);
        var structured = new StringBuilder(leadingStructuredData);
        AppendFields(structured, logEvent);
        var message = RenderMessage(logEvent);
        var msgId = IsAudit(logEvent) ? AuditMsgId : "-";
        return FormatCore(logEvent.Timestamp, logEvent.Level, msgId, structured.ToString(), message);
    }

    /// <summary>Formats a message the sink makes itself (heartbeat, drop notice, stop).</summary>
    public string FormatSynthetic(DateTimeOffset timestamp, LogEventLevel level, string msgId, string structuredData, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(msgId);
        ArgumentNullException.ThrowIfNull(structuredData);
        ArgumentNullException.ThrowIfNull(message);
        return FormatCore(timestamp, level, Rfc5424Escaping.HeaderField(msgId, 32), structuredData, message);
    }

    private string FormatCore(DateTimeOffset timestamp, LogEventLevel level, string msgId, string structuredData, string message)
    {
        var line = new StringBuilder(256 + structuredData.Length + message.Length);
        line.Append('<').Append(Priority(level).ToString(CultureInfo.InvariantCulture)).Append(">1 ")
            // RFC 5424 6.2.3: full-date "T" full-time; UTC "Z" and milliseconds (TIME-SECFRAC).
            .Append(timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(' ')
            .Append(hostName).Append(' ')
            .Append(appName).Append(' ')
            .Append(processId).Append(' ')
            .Append(msgId).Append(' ')
            // RFC 5424 6.3: NILVALUE when there is no SD-ELEMENT.
            .Append(structuredData.Length == 0 ? "-" : structuredData);
        var escaped = new StringBuilder(message.Length + 16);
        Rfc5424Escaping.AppendMessageText(escaped, message);
        if (escaped.Length > 0)
        {
            line.Append(' ').Append(Truncate(escaped.ToString()));
        }
        return line.ToString();
    }

    /// <summary>Bounds MSG to maxMessageBytes of UTF-8, cut on a character boundary, with a marker.</summary>
    private string Truncate(string message)
    {
        if (Encoding.UTF8.GetByteCount(message) <= maxMessageBytes)
        {
            return message;
        }
        var bytes = Encoding.UTF8.GetBytes(message);
        var cut = maxMessageBytes - TruncationMarker.Length;
        // Never split a UTF-8 sequence: back up over continuation bytes (RFC 3629 3).
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80)
        {
            cut--;
        }
        return Encoding.UTF8.GetString(bytes, 0, cut) + TruncationMarker;
    }

    private static string RenderMessage(LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is PropertyToken property
                && logEvent.Properties.TryGetValue(property.PropertyName, out var value)
                && value is ScalarValue { Value: string text })
            {
                // Strings render bare (like {Message:l}): quotes would only add escaping noise.
                writer.Write(text);
            }
            else
            {
                token.Render(logEvent.Properties, writer, CultureInfo.InvariantCulture);
            }
        }
        if (logEvent.Exception is { } exception)
        {
            // Type and message only: a stack trace would blow the length bound; stderr keeps it.
            writer.Write(" exception=");
            writer.Write(exception.GetType().FullName);
            writer.Write(": ");
            writer.Write(exception.Message);
        }
        return writer.ToString();
    }

    private static void AppendFields(StringBuilder output, LogEvent logEvent)
    {
        var count = 0;
        foreach (var (name, value) in logEvent.Properties)
        {
            // Daemon is APP-NAME already; Audit is MSGID already.
            if (name is "Daemon" or "Audit")
            {
                continue;
            }
            if (count == 0)
            {
                output.Append('[').Append(FieldsSdId);
            }
            if (count++ == MaxFields)
            {
                break;
            }
            var text = value is ScalarValue { Value: var scalar }
                ? scalar switch
                {
                    null => "null",
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    _ => scalar.ToString() ?? string.Empty,
                }
                : value.ToString(null, CultureInfo.InvariantCulture);
            if (text.Length > MaxFieldValueChars)
            {
                text = text[..MaxFieldValueChars];
            }
            output.Append(' ').Append(Rfc5424Escaping.SdName(name)).Append("=\"");
            Rfc5424Escaping.AppendParamValue(output, text);
            output.Append('"');
        }
        if (count > 0)
        {
            output.Append(']');
        }
    }
}
