// privsep-comm: the unprivileged comm handler of PrivSepSigner.
//
// WHAT IT DOES: owns the link to the CA front end (serial tty, pseudo-terminal or Unix
// socket). Reads COBS/CRC32 frames, decodes MessagePack requests with the untrusted-data
// settings, screens them (syntax, sizes, CSR structure, root and profile exist),
// spools each accepted request atomically into spool/incoming and rings the doorbell
// FIFO. Reads results from spool/outbox, forwards them on the link and acknowledges
// them in spool/ack.
//
// SECURITY: everything read from the link is hostile. This process holds no key, links
// no signing or key code (an architecture test enforces it) and must never be able to
// read the signer's keys or state. The outbox is signer-written and is read with the
// same hostile-entry rules the signer applies to the spool.
//
// OPENS: the config file; the link; spool/incoming.tmp, incoming, incoming.fifo, ack.tmp,
// ack (write); spool/outbox and outbox.fifo (read). Nothing else.
// USERS: runs as the configured comm user (users.comm); development installs run as the
// invoking user.

using System.CommandLine;
using PrivSepSigner.Comm;
using PrivSepSigner.CommandLine;
using PrivSepSigner.Configuration;
using PrivSepSigner.Logging;

var config = ConfigOption.Create();
var root = new RootCommand("privsep-comm: the unprivileged comm handler (link, screening, spool); run by systemd or `privsep-signer up`") { config };
root.SetAction((parse, _) => RunAsync(parse.GetRequiredValue(config)));
return await CommandLineRunner.InvokeAsync(root, args, Console.Out, Console.Error);

static async Task<int> RunAsync(string configPath)
{
    using var supervisor = PrivSepSigner.Spool.Instances.ParentDeath.Follow();
    if (supervisor is { Gone.IsCancellationRequested: true })
    {
        return 0; // started by `privsep-signer up`, which is gone already
    }

    using var start = DaemonStart.TryCreate(DaemonNames.Comm, configPath);
    if (start is null)
    {
        return DaemonStart.ExitConfig;
    }

    var (config, log) = (start.Config, start.Log);
    try
    {
        await using var handler = CommHandler.Start(config, configPath, log);
        log.Information("audit: privsep-comm started; link {Kind} {Path}", config.Link.Kind.ToConfigString(), config.Link.Path);
        // SIGTERM, or `up` gone (it names itself when it starts the daemons).
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(start.Stopping, supervisor?.Gone ?? CancellationToken.None);
        using var gone = supervisor?.Gone.Register(() => log.Warning("privsep-signer up (pid {Pid}) is gone; stopping", Environment.GetEnvironmentVariable(PrivSepSigner.Spool.Instances.ParentDeath.Variable)));
        await handler.RunAsync(stopping.Token);
        log.Information("audit: privsep-comm stopped");
        return 0;
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
    {
        log.Fatal("refusing to run: {Error}", e.Message);
        return 71; // EX_OSERR
    }
}
