using System.Text;
using PrivSepSigner.Logging.Format;
using Serilog.Events;

namespace PrivSepSigner.Logging.Tests.Format;

public sealed class Rfc5424FormatterTests
{
    private static readonly DateTimeOffset Time = new(2024, 5, 1, 14, 0, 0, 123, TimeSpan.FromHours(2));

    [Theory]
    [InlineData(SyslogFacility.Local0, LogEventLevel.Information, 134)]
    [InlineData(SyslogFacility.Local0, LogEventLevel.Warning, 132)]
    [InlineData(SyslogFacility.Local0, LogEventLevel.Fatal, 130)]
    [InlineData(SyslogFacility.Local0, LogEventLevel.Verbose, 135)]
    [InlineData(SyslogFacility.Daemon, LogEventLevel.Error, 27)]
    [InlineData(SyslogFacility.AuthPriv, LogEventLevel.Debug, 87)]
    public void Pri_is_facility_times_eight_plus_severity(SyslogFacility facility, LogEventLevel level, int pri)
    {
        var line = new Rfc5424Formatter("app", facility, "host", 1).Format(Events.Make(Time, level, "x"));
        Assert.StartsWith($"<{pri}>1 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_has_utc_millisecond_timestamp_and_fields()
    {
        var line = new Rfc5424Formatter("privsep-comm", hostName: "signer", processId: 77).Format(Events.Make(Time, "hello"));
        Assert.Equal("<134>1 2024-05-01T12:00:00.123Z signer privsep-comm 77 - - hello", line);
    }

    [Theory]
    [InlineData("audit: signed {Serial}", false, "audit")]
    [InlineData("signed {Serial}", true, "audit")]
    [InlineData("signed {Serial}", false, "-")]
    [InlineData("not audit: {Serial}", false, "-")]
    public void Msgid_marks_audit_events(string template, bool auditProperty, string msgId)
    {
        var properties = auditProperty ? new[] { ("Serial", (object?)"01"), ("Audit", true) } : new[] { ("Serial", (object?)"01") };
        var line = new Rfc5424Formatter("a", hostName: "h", processId: 1).Format(Events.Make(Time, template, properties));
        Assert.Equal(msgId, line.Split(' ')[5]);
    }

    [Fact]
    public void Control_characters_and_backslash_are_escaped_in_msg()
    {
        var hostile = "a\nb\rc\td\u0000e\u001bf\u007fg\u0085h\u2028i\\n";
        var line = new Rfc5424Formatter("a", hostName: "h", processId: 1).Format(Events.Make(Time, "{Subject}", ("Subject", hostile)));
        Assert.EndsWith(@" a\nb\rc\td\x00e\x1bf\x7fg\x85h\u2028i\\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain(line, c => c < ' ' || c is '\u007f' or '\u0085' or '\u2028');
    }

    [Fact]
    public void Sd_param_values_escape_quote_backslash_and_bracket()
    {
        var line = new Rfc5424Formatter("a", hostName: "h", processId: 1)
            .Format(Events.Make(Time, "x {Subject}", ("Subject", "CN=\"a\\b]c\nd")));
        // RFC 5424 6.3.3
        Assert.Contains("[fields@32473 Subject=\"CN=\\\"a\\\\b\\]c\\nd\"]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_property_names_and_header_fields_are_sanitised()
    {
        var line = new Rfc5424Formatter("app name", hostName: "h\nx", processId: 1)
            .Format(Events.Make(Time, "x", ("a=b] \"c", 1)));
        Assert.StartsWith("<134>1 2024-05-01T12:00:00.123Z h_x app_name 1 - [fields@32473 a_b___c=\"1\"] x", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_message_is_cut_on_a_character_boundary_with_a_marker()
    {
        var formatter = new Rfc5424Formatter("a", hostName: "h", processId: 1, maxMessageBytes: 100);
        var line = formatter.FormatSynthetic(Time, LogEventLevel.Information, "m", "", new string('é', 500));
        var msg = line[(line.IndexOf(" - ", StringComparison.Ordinal) + 3)..];
        Assert.EndsWith(" [truncated]", msg, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(msg) <= 100);
        Assert.DoesNotContain('\uFFFD', msg);
    }

    [Fact]
    public void Lone_surrogate_becomes_replacement_character()
    {
        var line = new Rfc5424Formatter("a", hostName: "h", processId: 1).Format(Events.Make(Time, "{S}", ("S", "x\ud800y😀")));
        Assert.EndsWith(" x\uFFFDy😀", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_type_and_message_stay_on_the_line()
    {
        var logEvent = new LogEvent(Time, LogEventLevel.Error, new InvalidOperationException("bad\nthing"),
            new Serilog.Parsing.MessageTemplateParser().Parse("failed"), []);
        var line = new Rfc5424Formatter("a", hostName: "h", processId: 1).Format(logEvent);
        Assert.EndsWith(@" failed exception=System.InvalidOperationException: bad\nthing", line, StringComparison.Ordinal);
    }
}
