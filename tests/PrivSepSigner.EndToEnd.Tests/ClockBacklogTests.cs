using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// A backlog is not clock skew. With the signer stopped for 310 s and one request queued, it
/// raised "ALARM clock offset 309685 ms ... refusing to sign" although both clocks were right:
/// it compared the front end's time with its own clock at the moment it got to the request.
/// The clocks are compared from samples taken together, when the request was received.
/// </summary>
public sealed partial class ClockBacklogTests : IDisposable
{
    private const int MaxOffsetSeconds = 3;
    private const int SignerStoppedSeconds = 6;

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("pss-backlog-");

    [Fact]
    public async Task A_request_queued_while_the_signer_was_stopped_is_signed_without_a_clock_alarm()
    {
        await using var host = await SignerHost.StartAsync("unix", configure: c =>
        {
            c["time"] = new JsonObject { ["maxOffsetSeconds"] = MaxOffsetSeconds };
            c["limits"] = new JsonObject { ["answerTimeoutSeconds"] = 60 };
        });
        var csr = await OpenSslRequests.CreateAsync(work.FullName, "late", "P-256", ProfileRequests.Subject, ProfileRequests.AddExt("server"));
        var signer = host.DaemonPid("privsep-signerd");
        Assert.Equal(0, Kill(signer, 19)); // SIGSTOP: the signer is there but does nothing
        Task<ProcessResult> signing;
        try
        {
            signing = host.SignAsync("root-ec", "server", csr, "--timeout", "60");
            await Task.Delay(TimeSpan.FromSeconds(SignerStoppedSeconds));
            Assert.False(signing.IsCompleted);
        }
        finally
        {
            Assert.Equal(0, Kill(signer, 18)); // SIGCONT
        }

        var r = await signing;
        Assert.True(r.ExitCode == 0, r + host.Log);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", r.Stdout);
        Assert.DoesNotContain("ALARM clock offset", host.Log);
    }

    public void Dispose() => work.Delete(recursive: true);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
