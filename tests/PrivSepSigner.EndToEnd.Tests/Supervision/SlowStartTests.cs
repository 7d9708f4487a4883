using System.Diagnostics;
using System.Runtime.InteropServices;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Supervision;

/// <summary>
/// `up` waits for the installation to answer before it says "running". A signer that took
/// longer than one status probe to answer (5 s: a backlog to drain, a slow token login) made
/// the probe's timeout escape `up`, which then stopped both daemons: "privsep-comm stopped"
/// with nobody asking, and every front end got "The link is closed" (ClockBacklogTests failed
/// in CI that way). This test failed before: `up` exited within the first probe's timeout.
/// </summary>
public sealed partial class SlowStartTests : IDisposable
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pss-slow-");

    [Fact]
    public async Task A_signer_that_answers_late_at_start_is_waited_for_and_not_stopped()
    {
        var init = await Tool.Cli("init", dir.FullName, "--link-kind", "unix");
        Assert.True(init.ExitCode == 0, init.ToString());

        var info = new ProcessStartInfo(Tool.Bin("privsep-signer")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("up");
        info.ArgumentList.Add(dir.FullName);
        using var up = Process.Start(info)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        up.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        up.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        up.BeginOutputReadLine();
        up.BeginErrorReadLine();
        try
        {
            // The signer is stopped as soon as it exists, before it can answer anything.
            var signer = await ChildAsync(up.Id, "privsep-signerd");
            Assert.Equal(0, Kill(signer, SigStop));
            try
            {
                // Longer than a probe's timeout (5 s): `up` must still be waiting, with both daemons.
                await Task.Delay(TimeSpan.FromSeconds(8));
                Assert.False(up.HasExited, string.Join('\n', output));
                Assert.DoesNotContain(output, l => l.Contains("privsep-comm stopped", StringComparison.Ordinal));
                Assert.DoesNotContain(output, l => l.StartsWith("running;", StringComparison.Ordinal));
            }
            finally
            {
                Kill(signer, SigCont);
            }

            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while (!output.Any(l => l.StartsWith("running;", StringComparison.Ordinal)) && !up.HasExited && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.True(output.Any(l => l.StartsWith("running;", StringComparison.Ordinal)), string.Join('\n', output));
            var status = await Tool.Cli("status", "--link", Path.Combine(dir.FullName, "link"), "--timeout", "20");
            Assert.True(status.ExitCode == 0, status.ToString());
        }
        finally
        {
            if (!up.HasExited)
            {
                Kill(up.Id, 15);
                await up.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
    }

    public void Dispose() => dir.Delete(recursive: true);

    private static async Task<int> ChildAsync(int parent, string name)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (SignerHost.ChildPid(parent, name) is var pid and > 0)
            {
                return pid;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{name} did not start under pid {parent}");
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
