using System.Text;
using System.Text.RegularExpressions;

namespace PrivSepSigner.Deployment.Tests.AppArmor;

/// <summary>
/// An AppArmor path pattern (apparmor.d(5) "Globbing", AARE) as a .NET regular expression:
/// <c>**</c> any characters including '/', <c>*</c> any characters but '/', <c>?</c> one
/// character but '/', <c>[...]</c> and <c>[^...]</c> classes, <c>{a,b}</c> alternatives,
/// <c>\</c> escapes, repeated slashes one. As apparmor_parser does, a <c>*</c> that is a whole path component
/// (<c>/dir/*</c>) matches at least one character, so it never matches the directory itself.
/// Variables must already be expanded.
/// </summary>
public sealed class AaPattern
{
    private readonly Regex regex;

    public AaPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Text = pattern;
        regex = new Regex("^" + Translate(pattern) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    public string Text { get; }

    public bool Matches(string path) => regex.IsMatch(path);

    private static string Translate(string p)
    {
        var re = new StringBuilder();
        var braces = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            switch (c)
            {
                case '\\' when i + 1 < p.Length:
                    re.Append(Regex.Escape(p[++i].ToString()));
                    break;
                case '*' when i + 1 < p.Length && p[i + 1] == '*':
                    re.Append(".*");
                    i++;
                    break;
                case '*':
                    var wholeComponent = (i == 0 || p[i - 1] == '/') && (i + 1 == p.Length || p[i + 1] == '/');
                    re.Append(wholeComponent ? "[^/]+" : "[^/]*");
                    break;
                case '?':
                    re.Append("[^/]");
                    break;
                case '/':
                    // Slashes collapse, also across an alternative that ends in one
                    // ("{/etc/,/usr/etc/}/ld.so.cache" is /etc/ld.so.cache): a '/' right after
                    // a '/' of the path matches nothing. Paths themselves never hold "//".
                    re.Append("(?:(?<=/)|/)");
                    break;
                case '[':
                    var end = p.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException($"unterminated character class in {p}");
                    }

                    re.Append('[').Append(p.AsSpan(i + 1, end - i - 1)).Append(']');
                    i = end;
                    break;
                case '{':
                    braces++;
                    re.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    re.Append(')');
                    break;
                case ',' when braces > 0:
                    re.Append('|');
                    break;
                default:
                    re.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return braces == 0 ? re.ToString() : throw new FormatException($"unbalanced braces in {p}");
    }
}
