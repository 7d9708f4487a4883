using System.CommandLine;
using System.Runtime.InteropServices;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Cli.Installation;
using PrivSepSigner.Cli.Supervision;

namespace PrivSepSigner.Cli.Commands;

/// <summary>`up DIR`: both daemons as separate processes until SIGTERM or SIGINT; their logs on stderr.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "the installation (made by init, or restored by restore)" };
        var command = new Command("up", "run the comm handler and the signer until SIGTERM/SIGINT") { dir };
        command.SetAction(CliApplication.Action(async (p, stdout, _) =>
        {
            var config = DevInstallation.ConfigPathOf(p.GetRequiredValue(dir));
            using var stop = new CancellationTokenSource();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            await using (var supervisor = new Supervisor(config, Console.Error, DaemonOutput.Inherit))
            {
                supervisor.Start();
                await stdout.WriteLineAsync($"running; front-end link at {Path.Combine(Path.GetDirectoryName(config)!, DevInstallation.LinkName)}; stop with Ctrl-C");
                await stdout.FlushAsync();
                try
                {
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
}
