namespace PrivSepSigner.Deployment.Tests.Infrastructure;

/// <summary>The source tree these tests check (units, profiles, install script).</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PrivSepSigner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PrivSepSigner.sln not found above " + AppContext.BaseDirectory);
    }
}
