using System.CommandLine;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Logging;
using PrivSepSigner.Logging.Verification;

namespace PrivSepSigner.Cli.Operator;

/// <summary>
/// `audit verify --signer-key FILE --comm-key FILE [--key FILE] [--heartbeat SECONDS] [--now ISO8601] LOGFILE`:
/// the log collector's check of the signing host's sealed log stream, each daemon's lines against
/// that daemon's own chain key (a line the comm user sealed as the signer fails). Reports OK, or
/// each gap (deleted messages), modified message, truncated tail and restart; exits 0 only for OK.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var logFile = new Argument<string>("LOGFILE") { Description = "the sealed RFC 5424 stream as the collector stored it" };
        var signerKey = new Option<string[]>("--signer-key") { HelpName = "FILE", Description = "the signer's chain first key (hex); repeatable (rotations)" };
        var commKey = new Option<string[]>("--comm-key") { HelpName = "FILE", Description = "the comm handler's chain first key (hex); repeatable" };
        var key = new Option<string[]>("--key") { HelpName = "FILE", Description = "a chain key both daemons share (installations before per-daemon keys); repeatable" };
        var heartbeat = CliOptions.BoundedInt("--heartbeat", "SECONDS", "the heartbeat interval the host was configured with", 60, 1, 86400);
        var now = CliOptions.Time("--now", "judge the tail's age at this time instead of now");
        var verify = new Command("verify", "check a sealed log stream: gaps, modified or forged lines, truncated tail, restarts") { logFile, signerKey, commKey, key, heartbeat, now };
        verify.SetAction(CliApplication.Action(async (p, stdout, _) =>
        {
            var keyFiles = (p.GetValue(signerKey) ?? []).Select(f => (Owner: (string?)DaemonNames.SignerKey, File: f))
                .Concat((p.GetValue(commKey) ?? []).Select(f => (Owner: (string?)DaemonNames.CommKey, File: f)))
                .Concat((p.GetValue(key) ?? []).Select(f => (Owner: (string?)null, File: f)))
                .ToList();
            if (keyFiles.Count == 0)
            {
                throw new UsageException("give each daemon's chain key: --signer-key FILE --comm-key FILE (or --key FILE for a key both share)");
            }

            var keys = new List<AuditKey>();
            try
            {
                keys.AddRange(keyFiles.Select(k => AuditKey.FromFile(k.Owner, k.File)));
                using var verifier = new AuditVerifier(keys, TimeSpan.FromSeconds(p.GetValue(heartbeat)), p.GetValue(now) ?? DateTimeOffset.UtcNow);
                var report = verifier.VerifyFile(p.GetRequiredValue(logFile));
                await stdout.WriteAsync(report.Describe());
                return report.ExitCode;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                await p.InvocationConfiguration.Error.WriteLineAsync($"privsep-signer audit verify: {e.Message}");
                return 2;
            }
            finally
            {
                keys.ForEach(k => k.Dispose());
            }
        }));
        return new Command("audit", "the collector's side of the sealed audit log") { verify };
    }
}
