using System.CommandLine;
using System.Runtime.InteropServices;
using PrivSepSigner.Cli.Client;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Cli.Development.Supervision;
using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Development;

/// <summary>
/// `up DIR`: both daemons as separate processes until SIGTERM or SIGINT; their logs on stderr.
/// It says "running" only once the installation serves (a crash loop is reported meanwhile).
/// </summary>
internal static class UpCommand
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "the installation (made by init, or restored by restore)" };
        var command = new Command("up", "run the comm handler and the signer until SIGTERM/SIGINT") { dir };
        command.SetAction(CliApplication.Action(async (p, stdout, _) =>
        {
            var config = DevInstallation.ConfigPathOf(p.GetRequiredValue(dir));

            // One `up` per installation (a second one started a second pair of daemons on the same spool).
            using var instance = TakeInstance(Path.Combine(Path.GetDirectoryName(config)!, ".up.lock"));
            using var stop = new CancellationTokenSource();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            await using (var supervisor = new Supervisor(config, Console.Error, DaemonOutput.Inherit))
            {
                supervisor.Start();
                try
                {
                    // Asked like any front end; on a terminal link it takes the line for the exchange (LineLock).
                    var link = Path.Combine(Path.GetDirectoryName(config)!, DevInstallation.LinkName);
                    var ask = ConfigLoader.Load(config).Link.Protocol == LinkProtocol.Native;
                    while (!supervisor.Settled(ask ? SettleTime : SettleTime * 3) || (ask && !await AnswersAsync(link)))
                    {
                        await Task.Delay(500, stop.Token);
                    }

                    await stdout.WriteLineAsync($"running; front-end link at {link}; stop with Ctrl-C");
                    await stdout.FlushAsync();
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            await stdout.WriteLineAsync("stopped");
            return 0;
        }));
        return command;
    }

    private static PrivSepSigner.Spool.Instances.InstanceLock TakeInstance(string path)
    {
        try
        {
            return PrivSepSigner.Spool.Instances.InstanceLock.Take(path, "privsep-signer up");
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// Whether a status request over the link is answered: both daemons are up and serving. No
    /// answer within the probe's time (a signer still draining a backlog, a slow token login) is
    /// "not yet", like a link that is not open yet: it once escaped and made `up` stop both daemons.
    /// </summary>
    private static async Task<bool> AnswersAsync(string link)
    {
        try
        {
            await using var front = FrontEnd.Open(link, TimeSpan.FromSeconds(5));
            var id = FrontEnd.NewRequestId();
            await front.AskAsync<StatusResponse>(MessageType.StatusRequest, new StatusRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now }, id);
            return true;
        }
        catch (Exception e) when (e is IOException or TimeoutException or AnswerTimeoutException or RefusedException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
