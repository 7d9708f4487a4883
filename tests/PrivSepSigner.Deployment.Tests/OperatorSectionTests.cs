using System.Text.RegularExpressions;
using PrivSepSigner.Deployment.Tests.Infrastructure;

namespace PrivSepSigner.Deployment.Tests;

/// <summary>
/// README's operator section is what the live test runs, step by step: the commands of the
/// section (continuation lines joined, spacing normalised) are, in the same order, exactly the
/// commands of the README blocks of Live/scenario.sh (lines marked "# live test only" aside).
/// The first, the build-machine step, is the one the test runs on the host (PublishedBuild).
/// </summary>
public sealed partial class OperatorSectionTests
{
    [Fact]
    public void Readme_operator_section_is_the_scenario_the_live_test_runs()
    {
        var section = Section().Match(File.ReadAllText(Repo.PathOf("README.md")));
        Assert.True(section.Success, "README.md has no operator section");
        var documented = Commands(section.Value.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal))).ToList();
        Assert.Equal("packaging/publish.sh", documented[0]);

        var inBlock = false;
        var scripted = new List<string>();
        foreach (var line in File.ReadAllLines(Repo.PathOf("tests", "PrivSepSigner.Deployment.Tests", "Live", "scenario.sh")))
        {
            var trimmed = line.Trim();
            if (BlockStart().IsMatch(trimmed))
            {
                inBlock = true;
            }
            else if (BlockEnd().IsMatch(trimmed))
            {
                inBlock = false;
            }
            else if (inBlock && trimmed.Length > 0 && !trimmed.EndsWith("# live test only", StringComparison.Ordinal))
            {
                scripted.Add(line);
            }
        }

        Assert.Equal(documented.Skip(1), Commands(scripted));
    }

    /// <summary>One entry per command: continuation lines joined, runs of white space made one space.</summary>
    private static IEnumerable<string> Commands(IEnumerable<string> lines)
    {
        var current = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            yield return Spaces().Replace(current + line, " ");
            current = "";
        }
    }

    [GeneratedRegex(@"(?ms)^## Installing on a signing host \(operators\)$.*?(?=^## )")]
    private static partial Regex Section();

    [GeneratedRegex(@"^# (--- )?README: ")]
    private static partial Regex BlockStart();

    [GeneratedRegex(@"^# (--- )?README end$")]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
