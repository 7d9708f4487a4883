using PrivSepSigner.Deployment.Tests.Infrastructure;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.Deployment.Tests;

/// <summary>
/// packaging/install.sh on a signing host: it installs what packaging/publish.sh built on
/// another machine and never runs the SDK (an offline host has none), and it starts the
/// host from the production example config.
/// </summary>
public sealed class InstallScriptTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-install-script-");

    [Fact]
    public async Task Install_lays_out_the_prebuilt_programs_without_ever_running_dotnet()
    {
        var build = await PublishedBuild.EnsureAsync();
        // A dotnet that records being called and fails, first on PATH.
        var bin = Directory.CreateDirectory(Path.Combine(work.FullName, "bin")).FullName;
        var called = Path.Combine(work.FullName, "dotnet-was-called");
        File.WriteAllText(Path.Combine(bin, "dotnet"), $"#!/bin/sh\ntouch '{called}'\nexit 97\n");
        File.SetUnixFileMode(Path.Combine(bin, "dotnet"), (UnixFileMode)0b111_101_101);
        var dest = Path.Combine(work.FullName, "root");

        var r = await Tool.RunAsync("env", [$"PATH={bin}:/usr/sbin:/usr/bin:/sbin:/bin", "bash", Repo.PathOf("packaging", "install.sh"), dest, "--prebuilt", build]);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.False(File.Exists(called), "install.sh ran dotnet");
        foreach (var program in new[] { "privsep-comm", "privsep-signerd", "privsep-signer", "privsep-make-credentials" })
        {
            var path = Path.Combine(dest, "usr/lib/privsep-signer", program);
            Assert.True(File.Exists(path), path);
            Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, path);
        }

        Assert.Equal(File.ReadAllText(Repo.PathOf("deploy", "config", "config.json")), File.ReadAllText(Path.Combine(dest, "etc/privsep-signer/config.json")));
        foreach (var installed in new[]
        {
            "usr/share/doc/privsep-signer/examples/config.pkcs11.json",
            "usr/lib/udev/rules.d/70-privsep-signer.rules",
            "etc/apparmor.d/usr.lib.privsep-signer.privsep-signerd-ceremony",
            "etc/apparmor.d/abstractions/privsep-signer-runtime",
            "etc/apparmor.d/abstractions/privsep-signer-token",
        })
        {
            Assert.True(File.Exists(Path.Combine(dest, installed)), installed);
        }
    }

    [Fact]
    public async Task Install_without_a_build_refuses_and_says_how_to_make_one()
    {
        var r = await Tool.RunAsync("bash", [Repo.PathOf("packaging", "install.sh"), Path.Combine(work.FullName, "root"), "--prebuilt", Path.Combine(work.FullName, "nothing-here")]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("run packaging/publish.sh on a machine with the .NET SDK first", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(work.FullName, "root")));
    }

    public void Dispose() => work.Delete(recursive: true);
}
