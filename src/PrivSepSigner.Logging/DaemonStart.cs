using System.Runtime.InteropServices;
using PrivSepSigner.Configuration;
using Serilog.Core;

namespace PrivSepSigner.Logging;

/// <summary>
/// What both daemons do first: read the config and build the logger it describes, refusing
/// to start (exit 78, EX_CONFIG) with one line on stderr if either fails; and turn SIGTERM
/// and SIGINT into a cancellation so that the daemon stops cleanly.
/// </summary>
public sealed class DaemonStart : IDisposable
{
    public const int ExitConfig = 78;

    private readonly CancellationTokenSource stop = new();
    private readonly PosixSignalRegistration sigterm;
    private readonly PosixSignalRegistration sigint;

    private DaemonStart(InstallationConfig config, Logger log)
    {
        Config = config;
        Log = log;
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    }

    public InstallationConfig Config { get; }

    public Logger Log { get; }

    public CancellationToken Stopping => stop.Token;

    /// <summary>Null (after reporting why on stderr) when the daemon must not start.</summary>
    public static DaemonStart? TryCreate(string daemon, string configPath)
    {
        try
        {
            var config = ConfigLoader.Load(configPath);
            // Self-log messages carry exception text too: one escaped line each, like the journal copy.
            Serilog.Debugging.SelfLog.Enable(message => Console.Error.WriteLine(Format.Rfc5424Escaping.OneLine(message)));
            return new DaemonStart(config, DaemonLog.Create(ConfiguredLogging.Options(daemon, config.Logging)));
        }
        catch (Exception e) when (e is ConfigurationException or IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{daemon}: refusing to start: {e.Message}");
            return null;
        }
    }

    public void Dispose()
    {
        sigterm.Dispose();
        sigint.Dispose();
        stop.Dispose();
        Log.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}
