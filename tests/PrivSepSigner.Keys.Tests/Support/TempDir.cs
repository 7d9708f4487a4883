namespace PrivSepSigner.Keys.Tests.Support;

/// <summary>A private temporary directory removed with its contents on Dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("keys-tests-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Join(Path, name);

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
            // Best effort cleanup of a temp dir.
        }
    }
}
