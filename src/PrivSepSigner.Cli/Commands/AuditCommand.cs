using System.CommandLine;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Logging.Verification;

namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// `audit verify --key FILE [--heartbeat SECONDS] [--now ISO8601] LOGFILE`: the log
/// collector's check of the signing host's sealed log stream. Reports OK, or each gap
/// (deleted messages), modified message, truncated tail and restart; exits 0 only for OK.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var logFile = new Argument<string>("LOGFILE") { Description = "the sealed RFC 5424 stream as the collector stored it" };
        var key = new Option<string>("--key") { Required = true, HelpName = "FILE", Description = "the chain's first key (hex)" };
        var heartbeat = CliOptions.BoundedInt("--heartbeat", "SECONDS", "the heartbeat interval the host was configured with", 60, 1, 86400);
        var now = CliOptions.Time("--now", "judge the tail's age at this time instead of now");
        var verify = new Command("verify", "check a sealed log stream: gaps, modified lines, truncated tail, restarts") { logFile, key, heartbeat, now };
        verify.SetAction(CliApplication.Action(async (p, stdout, _) =>
        {
            try
            {
                using var verifier = AuditVerifier.FromKeyFile(p.GetRequiredValue(key), TimeSpan.FromSeconds(p.GetValue(heartbeat)), p.GetValue(now) ?? DateTimeOffset.UtcNow);
                var report = verifier.VerifyFile(p.GetRequiredValue(logFile));
                await stdout.WriteAsync(report.Describe());
                return report.ExitCode;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                await p.InvocationConfiguration.Error.WriteLineAsync($"privsep-signer audit verify: {e.Message}");
                return 2;
            }
        }));
        return new Command("audit", "the collector's side of the sealed audit log") { verify };
    }
}
