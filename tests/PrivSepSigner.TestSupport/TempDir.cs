namespace PrivSepSigner.TestSupport;

/// <summary>A private temporary directory removed with its contents on dispose.</summary>
public sealed class TempDir : IDisposable
{
    /// <param name="prefix">The start of the directory's name, so a leftover shows which tests left it.</param>
    public TempDir(string prefix = "privsep-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a secret file with mode 0600, as systemd's credential directory would hold it.</summary>
    public string Secret(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory (a process still holding a file) must not fail a test.
        }
    }
}
