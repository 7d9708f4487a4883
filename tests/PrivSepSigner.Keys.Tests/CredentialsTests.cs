using PrivSepSigner.Configuration;
using PrivSepSigner.Keys.Tests.Support;
using PrivSepSigner.TestSupport;

namespace PrivSepSigner.Keys.Tests;

/// <summary>One class, so the tests that change $CREDENTIALS_DIRECTORY never run concurrently.</summary>
public sealed class CredentialsTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly string? saved = Environment.GetEnvironmentVariable(SystemdCredentials.DirectoryVariable);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(SystemdCredentials.DirectoryVariable, saved);
        dir.Dispose();
    }

    [Fact]
    public void ResolvesUnderCredentialsDirectory()
    {
        Environment.SetEnvironmentVariable(SystemdCredentials.DirectoryVariable, dir.Path);
        Assert.Equal(Path.Join(dir.Path, "key-passphrase"), SystemdCredentials.Resolve("key-passphrase"));
    }

    [Theory]
    [InlineData("../etc/shadow")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".")]
    public void RefusesNamesThatArePaths(string name)
    {
        Environment.SetEnvironmentVariable(SystemdCredentials.DirectoryVariable, dir.Path);
        Assert.Throws<ArgumentException>(() => SystemdCredentials.Resolve(name));
    }

    [Fact]
    public void RefusesUnsetOrMissingDirectoryWithClearMessage()
    {
        Environment.SetEnvironmentVariable(SystemdCredentials.DirectoryVariable, null);
        var unset = Assert.Throws<InvalidOperationException>(() => SystemdCredentials.Resolve("pin"));
        Assert.Contains("CREDENTIALS_DIRECTORY is not set", unset.Message, StringComparison.Ordinal);
        Assert.Contains("LoadCredential", unset.Message, StringComparison.Ordinal);

        Environment.SetEnvironmentVariable(SystemdCredentials.DirectoryVariable, dir.File("missing"));
        var missing = Assert.Throws<InvalidOperationException>(() => SystemdCredentials.Resolve("pin"));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret\n", "secret")]
    [InlineData("secret\r\n", "secret")]
    [InlineData("secret", "secret")]
    [InlineData("secret\n\n", "secret\n")]
    public void StripsOneTrailingNewline(string content, string expected)
    {
        var path = dir.Secret("s", content);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(Credentials.ReadSecretFile(path)));
    }

    [Fact]
    public void RefusesEmptySecret()
    {
        var path = dir.Secret("empty", "\n");
        Assert.Throws<InvalidDataException>(() => Credentials.ReadSecretFile(path));
    }
}
