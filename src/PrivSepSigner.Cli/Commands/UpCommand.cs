using System.Runtime.InteropServices;
using PrivSepSigner.Cli.Installation;
using PrivSepSigner.Cli.Supervision;

namespace PrivSepSigner.Cli.Commands;

/// <summary>`up DIR`: both daemons as separate processes until SIGTERM or SIGINT.</summary>
internal static class UpCommand
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

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
                // "running" only once both daemons have stayed up; a crash loop is reported by the supervisor meanwhile.
                while (!supervisor.Settled(SettleTime))
                {
                    await Task.Delay(200, stop.Token);
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
}
