using System.Globalization;
using PrivSepSigner.Logging;
using PrivSepSigner.Logging.Verification;

namespace PrivSepSigner.Cli.Commands;

/// <summary>
/// `audit verify [--signer-key FILE]... [--comm-key FILE]... [--key FILE]... [--heartbeat SECONDS] [--now ISO8601] LOGFILE`:
/// the log collector's check of the signing host's sealed log stream, with each daemon's own
/// chain key (several per daemon after a rotation; `--key` for a key all daemons share). Reports
/// OK, or each gap, modified line, wrong or foreign key, conflict, overlapping boot and truncated
/// tail, and the restarts and clean stops; exits 0 only for OK.
/// </summary>
internal static class AuditCommand
{
    private const string Usage = "audit verify [--signer-key FILE]... [--comm-key FILE]... [--key FILE]... [--heartbeat SECONDS] [--now ISO8601] LOGFILE";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        if (args is not ["verify", .. var rest])
        {
            throw new UsageException(Usage);
        }

        var a = new ArgReader(rest, new HashSet<string> { "--key", "--signer-key", "--comm-key", "--heartbeat", "--now" }, new HashSet<string>());
        if (a.Positional is not [var logFile])
        {
            throw new UsageException("audit verify takes exactly one log file");
        }

        var keyFiles = a.All("--signer-key").Select(f => (Owner: (string?)DaemonNames.SignerKey, File: f))
            .Concat(a.All("--comm-key").Select(f => (Owner: (string?)DaemonNames.CommKey, File: f)))
            .Concat(a.All("--key").Select(f => (Owner: (string?)null, File: f)))
            .ToList();
        if (keyFiles.Count == 0)
        {
            throw new UsageException("give each daemon's chain key: --signer-key FILE --comm-key FILE (or --key FILE for a key both share)");
        }

        var heartbeat = TimeSpan.FromSeconds(a.Optional("--heartbeat") is { } h
            ? int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : throw new UsageException("--heartbeat takes whole seconds")
            : 60);
        var now = a.Optional("--now") is { } n
            ? DateTimeOffset.TryParse(n, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw new UsageException("--now takes an ISO 8601 time")
            : DateTimeOffset.UtcNow;
        var keys = new List<AuditKey>();
        try
        {
            keys.AddRange(keyFiles.Select(k => AuditKey.FromFile(k.Owner, k.File)));
            using var verifier = new AuditVerifier(keys, heartbeat, now);
            var report = verifier.VerifyFile(logFile);
            await stdout.WriteAsync(report.Describe());
            return report.ExitCode;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"privsep-signer audit verify: {e.Message}");
            return 2;
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }
}
