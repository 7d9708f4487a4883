using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.Deployment.Tests.Infrastructure;

/// <summary>
/// The programs built once per test run by packaging/publish.sh (README's build-machine step)
/// into packaging/build, where packaging/install.sh takes them from: an installation never
/// runs the SDK itself.
/// </summary>
public static class PublishedBuild
{
    private static readonly Lazy<Task<string>> Build = new(PublishAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Directory => Repo.PathOf("packaging", "build");

    public static Task<string> EnsureAsync() => Build.Value;

    private static async Task<string> PublishAsync()
    {
        // Normally well under a minute; the bound only catches a hang (the whole suite shares two cores).
        var r = await Tool.RunAsync("bash", [Repo.PathOf("packaging", "publish.sh")], TimeSpan.FromMinutes(15));
        Assert.True(r.ExitCode == 0, $"packaging/publish.sh\n{r}");
        return Directory;
    }
}
