using System.Text.RegularExpressions;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.Deployment.Tests.AppArmor;

/// <summary>
/// The file rules of an AppArmor profile, read from what <c>apparmor_parser -p</c> prints
/// (the profile with every include expanded and the tunables' variables), to answer without
/// a kernel whether the profile allows an access: every requested permission must be granted
/// by some allow rule matching the path and refused by no deny rule (apparmor.d(5): deny
/// wins). <c>owner</c> rules are taken to match (the daemons' own files); non-file rules
/// (network, signal, ptrace, capability, unix) are not evaluated here.
/// </summary>
public sealed partial class AppArmorProfile
{
    private readonly List<FileRule> rules;

    private AppArmorProfile(string name, List<FileRule> rules)
    {
        Name = name;
        this.rules = rules;
    }

    public string Name { get; }

    /// <summary>Has the real parser expand <paramref name="file"/> and reads every profile it defines.</summary>
    public static async Task<IReadOnlyList<AppArmorProfile>> LoadAsync(string file)
    {
        // The profiles' own abstractions sit next to them (installed into /etc/apparmor.d/abstractions).
        var r = await Tool.RunAsync("apparmor_parser", ["-p", "-I", Path.GetDirectoryName(file)!, "-b", "/etc/apparmor.d", file]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return Parse(r.Stdout);
    }

    public static IReadOnlyList<AppArmorProfile> Parse(string flattened)
    {
        var variables = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var profiles = new List<AppArmorProfile>();
        List<FileRule>? current = null;
        string? name = null;
        var depth = 0;
        foreach (var raw in flattened.Split('\n'))
        {
            var line = StripComment(raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (current is null && VariableLine().Match(line) is { Success: true } v)
            {
                var values = SplitValues(v.Groups["values"].Value);
                if (v.Groups["plus"].Success && variables.TryGetValue(v.Groups["name"].Value, out var existing))
                {
                    existing.AddRange(values);
                }
                else
                {
                    variables[v.Groups["name"].Value] = values;
                }

                continue;
            }

            if (current is null && ProfileLine().Match(line) is { Success: true } p)
            {
                (current, name, depth) = ([], p.Groups["name"].Value, 1);
                continue;
            }

            if (current is null)
            {
                continue;
            }

            depth += line.Count(c => c == '{') - line.Count(c => c == '}');
            if (depth == 0)
            {
                profiles.Add(new AppArmorProfile(name!, current));
                current = null;
                continue;
            }

            if (depth == 1 && FileRuleLine().Match(line) is { Success: true } f)
            {
                var path = f.Groups["path"].Value.Trim('"');
                current.Add(new FileRule(new AaPattern(Expand(path, variables)), Permissions(f.Groups["perms"].Value), f.Groups["deny"].Success, line));
            }
        }

        return profiles;
    }

    /// <summary>Null when <paramref name="requested"/> (letters r w a m k l x) on <paramref name="path"/> is allowed; otherwise why not.</summary>
    public string? Refusal(string path, string requested)
    {
        var matching = rules.Where(r => r.Pattern.Matches(path)).ToList();
        foreach (var perm in requested.Distinct())
        {
            if (matching.FirstOrDefault(r => r.Deny && Grants(r.Permissions, perm)) is { } deny)
            {
                return $"'{perm}' denied by \"{deny.Line}\"";
            }

            if (!matching.Any(r => !r.Deny && Grants(r.Permissions, perm)))
            {
                return $"no rule allows '{perm}'";
            }
        }

        return null;
    }

    private static bool Grants(string permissions, char perm) => permissions.Contains(perm, StringComparison.Ordinal) || (perm == 'a' && permissions.Contains('w', StringComparison.Ordinal));

    /// <summary>Rule permissions as plain letters; every exec mode (ix, px, Ux, ...) is 'x'.</summary>
    private static string Permissions(string perms) =>
        new string(perms.Select(c => c is 'i' or 'u' or 'U' or 'p' or 'P' or 'c' or 'C' ? 'x' : c).Distinct().ToArray());

    private static string Expand(string pattern, Dictionary<string, List<string>> variables)
    {
        for (var guard = 0; pattern.Contains("@{", StringComparison.Ordinal); guard++)
        {
            Assert.True(guard < 32, $"variables in {pattern} do not resolve");
            pattern = VariableUse().Replace(pattern, m => variables.TryGetValue(m.Groups[1].Value, out var values)
                ? values.Count == 1 ? values[0] : "{" + string.Join(',', values) + "}"
                : throw new FormatException($"undefined variable {m.Value} in {pattern}"));
        }

        return pattern;
    }

    private static List<string> SplitValues(string text)
    {
        var values = new List<string>();
        var depth = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (char.IsWhiteSpace(c) && depth == 0)
            {
                if (start >= 0)
                {
                    values.Add(text[start..i].Trim('"'));
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return values;
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }

    [GeneratedRegex(@"^@\{(?<name>[A-Za-z0-9_]+)\}\s*(?<plus>\+)?=\s*(?<values>.*)$")]
    private static partial Regex VariableLine();

    [GeneratedRegex(@"^profile\s+(?<name>\S+)(\s+\S+)?\s*(flags=\S+\s*)?\{$")]
    private static partial Regex ProfileLine();

    [GeneratedRegex(@"^(audit\s+)?(?<deny>deny\s+)?(allow\s+)?((owner|other)\s+)?(file\s+)?(?<path>""[^""]+""|[/@]\S*)\s+(?<perms>[rwaxmlkiuUpPcC]+)\s*(->\s*\S+\s*)?,$")]
    private static partial Regex FileRuleLine();

    [GeneratedRegex(@"@\{([A-Za-z0-9_]+)\}")]
    private static partial Regex VariableUse();
}
