using System.Diagnostics;
using System.Text;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Supervision;

/// <summary>
/// `up` tells the truth about a daemon that cannot start: it reports the crash loop with the
/// exit status, backs off instead of restarting once a second for ever, and never says "running".
/// </summary>
public sealed class CrashLoopTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pss-loop-");

    public void Dispose() => dir.Delete(recursive: true);

    [Fact]
    public async Task A_signer_that_cannot_start_is_reported_as_crash_looping_and_retried_with_a_growing_delay()
    {
        Assert.Equal(0, (await Tool.Cli("init", dir.FullName, "--link-kind", "unix")).ExitCode);
        Directory.Delete(Path.Combine(dir.FullName, "state"), recursive: true); // the signer refuses to start (exit 71, EX_OSERR)

        var info = new ProcessStartInfo(Tool.Bin("privsep-signer")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("up");
        info.ArgumentList.Add(dir.FullName);
        using var up = Process.Start(info)!;
        var output = new StringBuilder();
        up.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        up.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        up.BeginOutputReadLine();
        up.BeginErrorReadLine();
        await Task.Delay(TimeSpan.FromSeconds(20));
        up.Kill(entireProcessTree: true);
        await up.WaitForExitAsync();

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        Assert.Contains("privsep-signerd is crash-looping", text);
        Assert.Contains("last status 71", text); // EX_OSERR: the installation check names the missing directory
        Assert.DoesNotContain("running; front-end link", text);

        // Backing off 1, 1, 2, 4, 8 s: at most about six starts in 20 s, not twenty.
        var starts = text.Split('\n').Count(l => l.Contains("privsep-signerd exited", StringComparison.Ordinal) || l.Contains("privsep-signerd is crash-looping", StringComparison.Ordinal));
        Assert.InRange(starts, 3, 7);
    }
}
