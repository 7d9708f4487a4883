// privsep-signerd: the key-holding signer of PrivSepSigner.
//
// WHAT IT DOES: loads the CA keys and certificates and the profiles, then serves the
// spool: every entry in spool/incoming is read as hostile input (even though the comm
// handler screened it), decoded with the untrusted-data settings, re-validated, checked
// against the profile policy and, if approved, issued. Each batch is recorded in the
// issuance database before its answers are published in spool/outbox.
//
// SECURITY: trusts only its config file and its key directory. Trusts nothing the
// comm handler wrote: names, owners, modes, sizes and formats of spool entries are
// checked; bad entries are quarantined. Serial numbers, validity and extensions come
// from this process (CSPRNG, own clock, profile), never from the request. No network,
// no link device: the only way in is the spool directory.
//
// OPENS: the config file; the CA key directories (keys/ROOT/current/{key.pem,cert.pem},
// re-read when `current` is switched or on SIGHUP), the OpenPGP key file (a secret key ring, or
// the name of a token key and its public key ring) and, if configured, one PKCS#11 module; state/issuance.db;
// spool/incoming, ack (read, delete), outbox.tmp and outbox (write), quarantine,
// incoming.fifo (read), outbox.fifo (rung only; the comm user owns it, so a problem with it is
// reported, never fatal). Nothing else.
// USERS: runs as the configured signer user (users.signer); development installs run
// as the invoking user. Spool entries must be owned by users.comm.

using System.CommandLine;
using PrivSepSigner.CommandLine;
using PrivSepSigner.Configuration;
using PrivSepSigner.Logging;
using PrivSepSigner.Signer;

var config = ConfigOption.Create();
var root = new RootCommand("privsep-signerd: the key-holding signer (serves the spool); run by systemd or `privsep-signer up`") { config };
root.SetAction((parse, _) => RunAsync(parse.GetRequiredValue(config)));
root.Subcommands.Add(PrivSepSigner.Signer.Ceremony.CeremonyCommand.Create());
return await CommandLineRunner.InvokeAsync(root, args, Console.Out, Console.Error);

static async Task<int> RunAsync(string configPath)
{
    using var supervisor = PrivSepSigner.Spool.Instances.ParentDeath.Follow();
    if (supervisor is { Gone.IsCancellationRequested: true })
    {
        return 0; // started by `privsep-signer up`, which is gone already
    }

    using var start = DaemonStart.TryCreate(DaemonNames.Signer, configPath);
    if (start is null)
    {
        return DaemonStart.ExitConfig;
    }

    var (config, log) = (start.Config, start.Log);
    try
    {
        using var signer = SignerDaemon.Start(config, log, configPath);
        log.Information("audit: privsep-signerd started");
        // SIGTERM, or `up` gone (it names itself when it starts the daemons).
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(start.Stopping, supervisor?.Gone ?? CancellationToken.None);
        using var gone = supervisor?.Gone.Register(() => log.Warning("privsep-signer up (pid {Pid}) is gone; stopping", Environment.GetEnvironmentVariable(PrivSepSigner.Spool.Instances.ParentDeath.Variable)));
        await signer.RunAsync(stopping.Token);
        log.Information("audit: privsep-signerd stopped");
        return 0;
    }
    catch (ConfigurationException e)
    {
        log.Fatal("refusing to start: {Error}", e.Message);
        return 78; // EX_CONFIG
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
    {
        log.Fatal("refusing to run: {Error}", e.Message);
        return 71; // EX_OSERR
    }
}
