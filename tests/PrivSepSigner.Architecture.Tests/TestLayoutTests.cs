namespace PrivSepSigner.Architecture.Tests;

/// <summary>
/// Tests mirror src (STYLE.md habit 8): each source project has a test project of its name plus
/// ".Tests", and every project under tests/ is in the solution, so `dotnet test PrivSepSigner.sln`
/// runs it. The exceptions are listed here with the folder that tests them instead.
/// </summary>
public sealed class TestLayoutTests
{
    /// <summary>Source project → the test folder that covers it instead of a test project of its own.</summary>
    private static readonly Dictionary<string, string> TestedElsewhere = new(StringComparer.Ordinal)
    {
        // The token backend's tests need the SoftHSM fixture and the key file tests beside them.
        ["PrivSepSigner.Keys.Pkcs11"] = "PrivSepSigner.Keys.Tests/Pkcs11",
        // The shared command-line runner is exercised through the three programs' usage errors.
        ["PrivSepSigner.CommandLine"] = "PrivSepSigner.Cli.Tests/CommandLine",
    };

    /// <summary>Projects under tests/ that are neither a test project nor named after a source project.</summary>
    private static readonly HashSet<string> NotMirrored = new(StringComparer.Ordinal)
    {
        "PrivSepSigner.Architecture.Tests", // reads the compiled assemblies of the whole product
        "PrivSepSigner.EndToEnd.Tests", // the real executables, run as an operator runs them
        "PrivSepSigner.Deployment.Tests", // installation, systemd, AppArmor
        "PrivSepSigner.Fuzz.Tests", // drives fuzz/run.sh
        "PrivSepSigner.TestSupport", // helpers the test projects share; not a test project
    };

    private static readonly string Root = FindRoot();

    public static TheoryData<string> SourceProjects => [.. Projects("src")];

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Each_source_project_has_a_test_project_of_its_name(string project)
    {
        if (TestedElsewhere.TryGetValue(project, out var folder))
        {
            Assert.True(Directory.Exists(Path.Combine(Root, "tests", folder)), $"{project} is said to be tested in tests/{folder}, which does not exist");
            Assert.False(File.Exists(Path.Combine(Root, "tests", project + ".Tests", project + ".Tests.csproj")), $"{project} has its own test project now: drop it from the exceptions");
            return;
        }

        var tests = Path.Combine(Root, "tests", project + ".Tests", project + ".Tests.csproj");
        Assert.True(File.Exists(tests), $"no test project tests/{project}.Tests for src/{project}");
    }

    [Fact]
    public void Each_test_project_mirrors_a_source_project_or_is_listed()
    {
        var sources = Projects("src").ToHashSet(StringComparer.Ordinal);
        var strays = Projects("tests").Where(t => !NotMirrored.Contains(t) && !(t.EndsWith(".Tests", StringComparison.Ordinal) && sources.Contains(t[..^".Tests".Length]))).ToList();

        Assert.True(strays.Count == 0, $"test projects named after no source project: {string.Join(", ", strays)}");
    }

    [Fact]
    public void Every_project_is_in_the_solution()
    {
        var solution = File.ReadAllText(Path.Combine(Root, "PrivSepSigner.sln"));
        var missing = Projects("src").Select(p => $"src\\{p}\\{p}.csproj").Concat(Projects("tests").Select(p => $"tests\\{p}\\{p}.csproj"))
            .Where(p => !solution.Contains(p, StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, $"not in PrivSepSigner.sln: {string.Join(", ", missing)}");
    }

    private static IEnumerable<string> Projects(string dir) =>
        Directory.GetDirectories(Path.Combine(Root, dir))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => File.Exists(Path.Combine(Root, dir, name, name + ".csproj")))
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "PrivSepSigner.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("PrivSepSigner.sln not found above " + AppContext.BaseDirectory);
    }
}
