using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Cli.CommandLine;

/// <summary>
/// Options that several commands share, each made fresh per command. Values are checked while
/// parsing, so a bad one is a usage error (exit 2) reported together with every other.
/// </summary>
internal static class CliOptions
{
    public static Option<bool> Json() => new("--json") { Description = "print JSON (times in ISO 8601, UTC) instead of the human form" };

    public static Option<string> Root(bool required, string description = "the root, as named in the signing host's config") =>
        Name("--root", required, description);

    public static Option<string> Profile(bool required, string description = "the profile, as named in the signing host's config") =>
        Name("--profile", required, description);

    /// <summary>A request id of the protocol (docs/protocol.md 6.1); resending with the same id is idempotent.</summary>
    public static Option<string> RequestId()
    {
        var option = new Option<string>("--request-id") { HelpName = "ID", Description = "the request's id (default: a random one); resend with the same id after a timeout" };
        option.Validators.Add(r =>
        {
            if (!MessageValidator.IsValidRequestId(r.GetValueOrDefault<string>()))
            {
                r.AddError($"--request-id must be 1..{ProtocolLimits.MaxRequestIdLength} characters of [A-Za-z0-9._:-]");
            }
        });
        return option;
    }

    /// <summary>A serial number as an operator copies it: hex, with or without 0x or colons, any case.</summary>
    public static Option<string> Serial(bool required) => new("--serial")
    {
        Required = required,
        HelpName = "HEX",
        Description = "the certificate's serial number in hex (14ba0f, 0x14BA0F and 14:BA:0F are the same)",
        CustomParser = ParseSerial,
    };

    /// <summary>SHA-256 of a CA certificate (a root's key version), 64 hex digits.</summary>
    public static Option<string> Issuer(string description) => new("--issuer")
    {
        HelpName = "SHA256",
        Description = description,
        CustomParser = r =>
        {
            var text = Single(r).Replace(":", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            if (text.Length != 64 || !text.All(char.IsAsciiHexDigitLower))
            {
                r.AddError("--issuer takes a SHA-256: 64 hex digits");
            }

            return text;
        },
    };

    /// <summary>An optional point in time, ISO 8601 (a date alone means midnight UTC).</summary>
    public static Option<DateTimeOffset?> Time(string name, string description) => new(name)
    {
        HelpName = "TIME",
        Description = description,
        CustomParser = r =>
        {
            if (DateTimeOffset.TryParse(Single(r), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                return t;
            }

            r.AddError($"{name} takes an ISO 8601 time, e.g. 2027-01-31 or 2027-01-31T12:00:00Z");
            return null;
        },
    };

    /// <summary>A whole number in [min, max] with a default.</summary>
    public static Option<int> BoundedInt(string name, string helpName, string description, int fallback, int min, int max)
    {
        var option = new Option<int>(name) { HelpName = helpName, Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is var v && (v < min || v > max))
            {
                r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be {min}..{max}"));
            }
        });
        return option;
    }

    /// <summary>One of a fixed set of words.</summary>
    public static Option<string> OneOf(string name, string description, string fallback, params string[] values)
    {
        var option = new Option<string>(name) { HelpName = string.Join('|', values), Description = description, DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    /// <summary>Lowercase hex without leading zeros (the protocol's form), or an error on the token.</summary>
    public static string ParseSerial(ArgumentResult r)
    {
        if (SerialNumberText.TryNormalize(Single(r), out var serial, out var error))
        {
            return serial;
        }

        r.AddError($"--serial: {error}");
        return string.Empty;
    }

    private static Option<string> Name(string name, bool required, string description)
    {
        var option = new Option<string>(name) { Required = required, HelpName = "NAME", Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && !MessageValidator.IsValidName(v))
            {
                r.AddError($"{name} must be 1..{ProtocolLimits.MaxNameLength} characters of [a-z0-9-], not starting with '-'");
            }
        });
        return option;
    }

    private static string Single(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[^1].Value : string.Empty;
}
