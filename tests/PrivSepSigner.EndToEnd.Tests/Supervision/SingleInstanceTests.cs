using System.Diagnostics;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Supervision;

/// <summary>
/// One `up` and one pair of daemons per installation (issue 17): a second one is refused with a
/// message naming the pid that holds it, and a killed `up` takes its daemons with it. Before,
/// a second `up` ran a second signer on the same spool and database, and kill -9 of `up` left
/// both daemons running.
/// </summary>
public sealed class SingleInstanceTests
{
    [Fact]
    public async Task A_second_up_and_second_daemons_are_refused_naming_the_pid()
    {
        await using var host = await SignerHost.StartAsync("unix");
        var config = Path.Combine(host.Dir, "config.json");

        var up = await Tool.Cli("up", host.Dir);
        Assert.Equal(2, up.ExitCode);
        Assert.Contains($"pid {host.SupervisorPid}", up.Stderr);

        var signer = await Tool.RunAsync(Tool.Bin("privsep-signerd"), ["--config", config], TimeSpan.FromSeconds(60));
        Assert.Equal(71, signer.ExitCode);
        Assert.Contains("another privsep-signerd (pid ", signer.Stdout + signer.Stderr);

        var comm = await Tool.RunAsync(Tool.Bin("privsep-comm"), ["--config", config], TimeSpan.FromSeconds(60));
        Assert.Equal(71, comm.ExitCode);
        Assert.Contains("another privsep-comm (pid ", comm.Stdout + comm.Stderr);

        // The first installation is untouched: its link still answers.
        var status = await Tool.Cli("status", "--link", host.Link, "--timeout", "20");
        Assert.True(status.ExitCode == 0, status.ToString());
    }

    [Fact]
    public async Task Kill_9_of_up_leaves_no_daemon_running()
    {
        await using var host = await SignerHost.StartAsync("unix");
        var daemons = Daemons(host.Dir);
        Assert.Equal(2, daemons.Count);

        Assert.Equal(0, (await Tool.RunAsync("kill", ["-KILL", host.SupervisorPid.ToString(System.Globalization.CultureInfo.InvariantCulture)])).ExitCode);
        for (var i = 0; i < 100 && Daemons(host.Dir).Count > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Empty(Daemons(host.Dir));
    }

    /// <summary>The daemon processes serving the installation in <paramref name="dir"/>.</summary>
    private static List<int> Daemons(string dir) =>
        Process.GetProcesses()
            .Where(p => p.ProcessName is "privsep-signerd" or "privsep-comm")
            .Where(p =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(dir, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
            })
            .Select(p => p.Id)
            .ToList();
}
