using System.Runtime.InteropServices;
using PrivSepSigner.Cli.Installation;
using PrivSepSigner.Cli.Supervision;

namespace PrivSepSigner.Cli.Commands;

/// <summary>`up DIR`: both daemons as separate processes until SIGTERM or SIGINT.</summary>
internal static class UpCommand
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var a = new ArgReader(args, new HashSet<string>(), new HashSet<string>());
        if (a.Positional is not [var dir])
        {
            throw new UsageException("up takes exactly one directory");
        }

        var config = Path.Combine(Path.GetFullPath(dir), DevInstallation.ConfigFileName);
        if (!File.Exists(config))
        {
            throw new UsageException($"{config}: no installation here (run `privsep-signer init {dir}` first)");
        }

        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        await using (var supervisor = new Supervisor(config, Console.Error))
        {
            supervisor.Start();
            try
            {
                // "running" only once the installation answers; a crash loop is reported by the supervisor meanwhile.
                // Only a socket link is asked: each connection is its own, whereas a second reader on a
                // terminal would take bytes meant for the front end that is talking on it.
                var link = Path.Combine(Path.GetDirectoryName(config)!, DevInstallation.LinkName);
                var linkConfig = PrivSepSigner.Configuration.ConfigLoader.Load(config).Link;
                var ask = linkConfig.Protocol == "native" && linkConfig.Kind == "unix";
                while (!supervisor.Settled(ask ? SettleTime : SettleTime * 3) || (ask && !await AnswersAsync(link)))
                {
                    await Task.Delay(500, stop.Token);
                }

                await stdout.WriteLineAsync($"running; front-end link at {Path.Combine(Path.GetDirectoryName(config)!, DevInstallation.LinkName)}; stop with Ctrl-C");
                await stdout.FlushAsync();
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await stdout.WriteLineAsync("stopped");
        return 0;
    }

    /// <summary>Whether a status request over the link is answered: both daemons are up and serving.</summary>
    private static async Task<bool> AnswersAsync(string link)
    {
        try
        {
            await using var front = FrontEnd.Open(link, TimeSpan.FromSeconds(5));
            var id = FrontEnd.NewRequestId();
            await front.AskAsync<PrivSepSigner.Protocol.StatusResponse>(PrivSepSigner.Protocol.MessageType.StatusRequest, new PrivSepSigner.Protocol.StatusRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now }, id);
            return true;
        }
        catch (Exception e) when (e is IOException or TimeoutException or RefusedException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
