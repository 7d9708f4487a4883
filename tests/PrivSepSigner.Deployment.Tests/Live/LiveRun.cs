using System.Globalization;
using PrivSepSigner.Deployment.Tests.Infrastructure;

namespace PrivSepSigner.Deployment.Tests.Live;

/// <summary>
/// One run of the live scenario, shared by every test of <see cref="LiveSystemdTests"/>: the
/// programs are published on this machine (the build machine of README), then a container
/// boots, runs Live/scenario.sh and powers off; the tests judge the facts it recorded.
/// Does nothing where the kernel cannot run a container (the tests are skipped there).
/// </summary>
public sealed class LiveRun : IAsyncLifetime
{
    /// <summary>A hard stop for a hung scenario; it takes 3 to 5 minutes on 2 cores, more on a loaded machine.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(9);

    private LiveContainer? container;
    private string? kept;

    public string Results => kept ?? container?.Results ?? throw new InvalidOperationException("the live scenario did not run");

    public TimeSpan PublishTime { get; private set; }

    public TimeSpan ContainerTime => container?.Elapsed ?? TimeSpan.Zero;

    public string Console => container?.Console ?? "";

    public string ScenarioLog => Read("scenario.log");

    public async Task InitializeAsync()
    {
        if (ContainerSupport.WhyNot is not null)
        {
            return;
        }

        // PSS_LIVE_RESULTS=DIR judges the results of an earlier run (kept with PSS_KEEP_LIVE=1) again.
        if (Environment.GetEnvironmentVariable("PSS_LIVE_RESULTS") is { Length: > 0 } earlier)
        {
            kept = earlier;
            return;
        }

        Assert.True(Environment.UserName == "root", "the live systemd test boots a container and must run as root (CI does)");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await PublishedBuild.EnsureAsync();
        PublishTime = clock.Elapsed;
        container = new LiveContainer();
        var tests = AppContext.BaseDirectory.TrimEnd('/');
        var env = new Dictionary<string, string>
        {
            ["RESULTS"] = LiveContainer.ResultsInside,
            ["REPO"] = Repo.Root,
            ["FRONTEND"] = $"dotnet {Path.Combine(tests, "PrivSepSigner.Deployment.Tests.dll")} {LiveFrontEnd.Verb}",
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        await container.RunAsync(Repo.PathOf("tests", "PrivSepSigner.Deployment.Tests", "Live", "scenario.sh"), env, [Repo.Root, tests], Limit);
    }

    public Task DisposeAsync()
    {
        container?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A file the scenario wrote (relative to the results directory), or "" if it wrote none.</summary>
    public string Read(string relative)
    {
        var path = Path.Combine(Results, relative);
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    /// <summary>A command the scenario recorded with <c>fact NAME ...</c>: its exit status and output.</summary>
    public (int ExitCode, string Output) Fact(string name)
    {
        var rc = Read($"facts/{name}.rc").Trim();
        Assert.True(rc.Length > 0, $"the scenario recorded no fact {name}{Tail()}");
        return (int.Parse(rc, CultureInfo.InvariantCulture), Read($"facts/{name}.out"));
    }

    /// <summary>The end of the scenario log and the container console, for failure messages.</summary>
    public string Tail()
    {
        var abort = Read("facts/abort");
        var log = ScenarioLog.Split('\n');
        return $"\n--- abort: {abort}\n--- scenario.log (last 60 lines):\n{string.Join('\n', log.TakeLast(60))}\n--- console (last 30 lines):\n{string.Join('\n', Console.Split('\n').TakeLast(30))}";
    }
}
