using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Keys;

/// <summary>
/// SIGHUP is the signer's reload signal (the unit's ExecReload). A signer started with SIGHUP
/// ignored (nohup, or a parent that ignores it: exec keeps SIG_IGN, and the .NET runtime then
/// installs no handler) must still hear it. It did not: CI started from a nohup'ed shell failed
/// RolloverTests with "the signer did not switch to the new key version within 60 s of SIGHUP".
/// </summary>
public sealed class HangupTests
{
    [Fact]
    public async Task A_signer_started_with_SIGHUP_ignored_still_reloads_on_SIGHUP()
    {
        await using var host = await SignerHost.StartAsync("unix", configure: c => c["keyReloadSeconds"] = 3600, hangupIgnored: true);
        var rekey = await Tool.Cli("rekey", host.Dir, "--root", "root-ec");
        Assert.True(rekey.ExitCode == 0, rekey.ToString());

        Assert.Equal(0, (await Tool.RunAsync("pkill", ["-HUP", "-f", $"privsep-signerd --config {host.Dir}/config.json"])).ExitCode);

        // The check period is an hour: only the SIGHUP can make the signer look and load version 2.
        await host.WaitForLogLineAsync("SIGHUP: checking key directories");
        await host.WaitForLogLineAsync("root root-ec switched to key version 2");
    }
}
