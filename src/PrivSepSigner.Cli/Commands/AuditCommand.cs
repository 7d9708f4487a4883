using System.Globalization;
using PrivSepSigner.Logging.Verification;

namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// `audit verify --key FILE [--heartbeat SECONDS] [--now ISO8601] LOGFILE`: the log
/// collector's check of the signing host's sealed log stream. Reports OK, or each gap
/// (deleted messages), modified message, truncated tail and restart; exits 0 only for OK.
/// </summary>
internal static class AuditCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        if (args is not ["verify", .. var rest])
        {
            throw new UsageException("audit verify --key FILE [--heartbeat SECONDS] [--now ISO8601] LOGFILE");
        }

        var a = new ArgReader(rest, new HashSet<string> { "--key", "--heartbeat", "--now" }, new HashSet<string>());
        if (a.Positional is not [var logFile])
        {
            throw new UsageException("audit verify takes exactly one log file");
        }

        var heartbeat = TimeSpan.FromSeconds(a.Optional("--heartbeat") is { } h
            ? int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : throw new UsageException("--heartbeat takes whole seconds")
            : 60);
        var now = a.Optional("--now") is { } n
            ? DateTimeOffset.TryParse(n, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw new UsageException("--now takes an ISO 8601 time")
            : DateTimeOffset.UtcNow;
        try
        {
            using var verifier = AuditVerifier.FromKeyFile(a.Required("--key"), heartbeat, now);
            var report = verifier.VerifyFile(logFile);
            await stdout.WriteAsync(report.Describe());
            return report.ExitCode;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"privsep-signer audit verify: {e.Message}");
            return 2;
        }
    }
}
