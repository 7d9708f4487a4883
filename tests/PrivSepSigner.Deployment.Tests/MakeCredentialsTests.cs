using System.Text.RegularExpressions;
using PrivSepSigner.Deployment.Tests.Infrastructure;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.Deployment.Tests;

/// <summary>
/// packaging/make-credentials.sh (installed as privsep-make-credentials): the secrets the two
/// units load with LoadCredential= are made once, private to their owner, and never replaced.
/// </summary>
public sealed partial class MakeCredentialsTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pss-credentials-");

    [Fact]
    public async Task Creates_the_signer_secret_and_one_chain_key_per_daemon_each_0600()
    {
        var r = await Run();
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var name in new[] { "signer-secret", "audit-chain-key.signer", "audit-chain-key.comm" })
        {
            var path = Path.Combine(dir.FullName, name);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Contains($"created {path}", r.Stdout);
        }

        // A chain key is what MacChain.LoadKey reads: 64 hex digits (openssl rand -hex 32).
        var signerKey = File.ReadAllText(Path.Combine(dir.FullName, "audit-chain-key.signer"));
        Assert.Matches(HexKey(), signerKey);
        Assert.NotEqual(signerKey, File.ReadAllText(Path.Combine(dir.FullName, "audit-chain-key.comm")));
        Assert.True(File.ReadAllText(Path.Combine(dir.FullName, "signer-secret")).Trim().Length >= 40);
        Assert.Empty(Directory.GetFiles(dir.FullName, ".*"));
    }

    [Fact]
    public async Task A_second_run_keeps_every_secret_that_exists()
    {
        Assert.Equal(0, (await Run()).ExitCode);
        var before = Directory.GetFiles(dir.FullName).ToDictionary(f => f, File.ReadAllText);
        var again = await Run();
        Assert.Equal(0, again.ExitCode);
        Assert.All(before, kv => Assert.Equal(kv.Value, File.ReadAllText(kv.Key)));
        Assert.Equal(3, Regex.Count(again.Stdout, "exists; kept"));
    }

    [Fact]
    public async Task A_missing_credential_directory_is_refused_with_the_step_that_makes_it()
    {
        var r = await Tool.RunAsync("bash", [Repo.PathOf("packaging", "make-credentials.sh"), Path.Combine(dir.FullName, "absent")]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("run systemd-tmpfiles --create first", r.Stderr);
    }

    public void Dispose() => dir.Delete(recursive: true);

    private Task<ProcessResult> Run() => Tool.RunAsync("bash", [Repo.PathOf("packaging", "make-credentials.sh"), dir.FullName]);

    [GeneratedRegex(@"^[0-9a-f]{64}\n$")]
    private static partial Regex HexKey();
}
