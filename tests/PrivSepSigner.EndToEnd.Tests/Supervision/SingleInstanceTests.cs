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

    /// <summary>
    /// A daemon outlives the thread that started it. With PR_SET_PDEATHSIG the kernel signalled
    /// the daemon when the forking THREAD exited, and .NET forks from pool threads that retire
    /// when idle: under load both daemons of an `up` stopped in the middle of serving
    /// ("privsep-comm stopped" with nobody asking; LargeCrlTests and RevocationAndTimeTests failed
    /// with "The link is closed"). This test failed with PR_SET_PDEATHSIG: the daemon stopped
    /// within a second of its thread's exit.
    /// </summary>
    [Fact]
    public async Task A_daemon_started_from_a_thread_that_exits_keeps_running_until_its_supervisor_goes()
    {
        var dir = Directory.CreateTempSubdirectory("pss-thread-").FullName;
        try
        {
            var init = await Tool.Cli("init", dir, "--link-kind", "unix");
            Assert.True(init.ExitCode == 0, init.ToString());
            var info = new ProcessStartInfo(Tool.Bin("privsep-comm")) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            info.ArgumentList.Add("--config");
            info.ArgumentList.Add(Path.Combine(dir, "config.json"));
            info.Environment[PrivSepSigner.Spool.Instances.ParentDeath.Variable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // The thread that forks waits until the daemon is up (it has set up its watch of the
            // supervisor by then), then exits, as an idle pool thread of `up` does.
            Process? comm = null;
            var starter = new Thread(() =>
            {
                comm = Process.Start(info);
                for (var i = 0; i < 100 && !File.Exists(Path.Combine(dir, "link")); i++)
                {
                    Thread.Sleep(100);
                }
            });
            starter.Start();
            starter.Join(); // the forking thread is gone now; this process, the supervisor, is not
            using var daemon = comm!;
            var stderr = daemon.StandardError.ReadToEndAsync();
            var stdout = daemon.StandardOutput.ReadToEndAsync();
            try
            {
                Assert.True(File.Exists(Path.Combine(dir, "link")), "the comm handler did not start");
                await Task.Delay(TimeSpan.FromSeconds(3));
                if (daemon.HasExited)
                {
                    Assert.Fail($"the comm handler stopped: {await stdout}{await stderr}");
                }
            }
            finally
            {
                if (!daemon.HasExited)
                {
                    daemon.Kill();
                }

                await daemon.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
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
