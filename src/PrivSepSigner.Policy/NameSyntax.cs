using System.Globalization;
using System.Net;
using System.Text;

namespace PrivSepSigner.Policy;

/// <summary>Syntax checks for names a requester asks to be certified. Each returns null when valid, else the reason.</summary>
public static class NameSyntax
{
    /// <summary>RFC 5321 4.5.3.1.1 local-part limit.</summary>
    private const int MaxLocalPart = 64;

    /// <summary>RFC 5321 4.5.3.1.3 path limit less the angle brackets.</summary>
    private const int MaxMailbox = 254;

    /// <summary>
    /// RFC 5280 4.2.1.6 requires the "preferred name syntax" of RFC 1034 3.5 as modified by
    /// RFC 1123 2.1: LDH labels of 1..63 octets, 253 in all; a label of the A-label form is a
    /// valid IDNA2008 A-label (<see cref="IdnaLabel"/>). A wildcard, where the profile allows
    /// it, is the whole leftmost label (RFC 6125 6.4.3, CA/B BR 7.1.2.7.12) over at least two
    /// more labels: no "*.tld". Without a public suffix list (none is available offline)
    /// "*.co.uk" is not caught; README says so.
    /// </summary>
    public static string? DnsNameError(string name, bool allowWildcard = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 253)
        {
            return "DNS name must be 1..253 characters";
        }

        var labels = name.Split('.');
        if (name.Contains('*', StringComparison.Ordinal))
        {
            if (!allowWildcard)
            {
                return "wildcard DNS names are not issued by this profile";
            }

            if (labels[0] != "*" || name.IndexOf('*', 1) >= 0)
            {
                return "a wildcard must be the whole leftmost label (*.example.org), and the only one";
            }

            if (labels.Length < 3)
            {
                return "a wildcard must stand over at least two labels (*.example.org, never *.org)";
            }

            labels = labels[1..];
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63)
            {
                return "DNS label must be 1..63 characters (no empty labels, no trailing dot)";
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return "DNS label must not start or end with a hyphen";
            }

            foreach (var ch in label)
            {
                if (!char.IsAsciiLetterOrDigit(ch) && ch != '-')
                {
                    return "DNS name may contain only letters, digits, hyphens and dots";
                }
            }

            if (IdnaLabel.Error(label) is { } idnError)
            {
                return $"label \"{label}\": {idnError}";
            }
        }

        // An all-numeric last label would make the name read as an IP address (RFC 1123 2.1).
        if (labels[^1].All(char.IsAsciiDigit))
        {
            return "DNS name must not end in an all-numeric label";
        }

        return null;
    }

    /// <summary>
    /// RFC 5280 4.2.1.6: rfc822Name is a Mailbox (RFC 5321 4.1.2) with an ASCII dot-atom local
    /// part; quoted local parts and internationalized addresses are not issued.
    /// </summary>
    public static string? EmailError(string address)
    {
        if (address.Length is 0 or > MaxMailbox || !Ascii.IsValid(address))
        {
            return "mail address must be 1..254 ASCII characters";
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at > MaxLocalPart || address.IndexOf('@', StringComparison.Ordinal) != at)
        {
            return "mail address must be local@domain with a 1..64 character local part";
        }

        var local = address.AsSpan(0, at);
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return "mail address local part has misplaced dots";
        }

        foreach (var ch in local)
        {
            if (!char.IsAsciiLetterOrDigit(ch) && ch != '.' && "!#$%&'*+-/=?^_`{|}~".IndexOf(ch, StringComparison.Ordinal) < 0)
            {
                return "mail address local part has a character outside RFC 5322 atext";
            }
        }

        return DnsNameError(address[(at + 1)..]) is { } domainError ? $"mail address domain: {domainError}" : null;
    }

    /// <summary>RFC 5280 4.2.1.6: iPAddress is exactly 4 (IPv4) or 16 (IPv6) octets.</summary>
    public static string? IpError(string text, out IPAddress? address)
    {
        address = null;
        if (text.StartsWith('#') || !IPAddress.TryParse(text, out var parsed))
        {
            return "IP address must be 4 or 16 octets";
        }

        address = parsed;
        return null;
    }

    /// <summary>True when <paramref name="value"/> holds a C0 or C1 control character or DEL (Unicode category Cc).</summary>
    public static bool HasControlCharacter(string value) => value.Any(char.IsControl);

    /// <summary>Keeps a message printable whatever the requester sent: clipped, control characters as '?'.</summary>
    public static string Printable(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var clipped = value.Length > 80 ? value[..80] + "..." : value;
        return new string(clipped.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }

    /// <summary>Characters that make a name display differently from what it is: C0/C1 controls and format characters (bidi overrides, zero-width).</summary>
    public static bool HasForbiddenCharacter(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return true;
            }
        }

        return false;
    }

    public static int RuneCount(string value)
    {
        var n = 0;
        foreach (var unused in value.EnumerateRunes())
        {
            n++;
        }

        return n;
    }
}
