using PrivSepSigner.Configuration;
using PrivSepSigner.Posix.Accounts;
using PrivSepSigner.Signer.Handlers;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;
using PrivSepSigner.Signer.State;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Installation;
using PrivSepSigner.Spool.Instances;
using Serilog;

namespace PrivSepSigner.Signer;

/// <summary>Wires roots, database, dispatch table and the spool loop together.</summary>
internal sealed class SignerDaemon : IDisposable
{
    private readonly KeyLoader keys;
    private readonly RootRegistry roots;
    private readonly IssuanceDatabase database;
    private readonly SpoolProcessor processor;
    private readonly KeyReloader reloader;
    private readonly AttemptJournal journal;
    private InstanceLock? instance;
    private readonly Crls.CrlWorker crlWorker;
    private readonly Crls.CrlFiles crlFiles;

    private readonly Issuance.OpenPgp.OpenPgpCaKey? pgp;

    private SignerDaemon(KeyLoader keys, RootRegistry roots, IssuanceDatabase database, AttemptJournal journal, Crls.CrlWorker crlWorker, Crls.CrlFiles crlFiles, SpoolProcessor processor, KeyReloader reloader, Issuance.OpenPgp.OpenPgpCaKey? pgp)
    {
        this.pgp = pgp;
        this.journal = journal;
        this.crlWorker = crlWorker;
        this.crlFiles = crlFiles;
        this.keys = keys;
        this.reloader = reloader;
        this.roots = roots;
        this.database = database;
        this.processor = processor;
    }

    /// <summary>
    /// Becomes the signer user, checks the spool, the state directory and every key file
    /// (owner and mode, nothing readable by anyone else), then loads keys and opens the spool.
    /// </summary>
    /// <param name="configPath">config.json, re-read for roots added while the signer runs (docs/key-management.md).</param>
    public static SignerDaemon Start(InstallationConfig config, ILogger log, string configPath)
    {
        var ids = ServiceIdentities.Resolve(config.Users.Comm, config.Users.Signer, config.Users.Group);
        PrivilegeDrop.BecomeOrRefuse("privsep-signerd", ids.SignerUid, ids.GroupGid);
        if (ids.IsDevelopment)
        {
            log.Warning("development installation: comm and signer run as the same user (uid {Uid}); no privilege separation", ids.SignerUid);
        }

        var layout = new SpoolLayout(config.SpoolDir);
        InstallationCheck.Require(
        [
            .. SpoolPermissions.ForSigner(layout, ids),
            SpoolPermissions.PrivateDirectory(config.StateDir, ids),
            // A root whose key directory does not exist yet waits for its ceremony (RootRegistry).
            .. config.Roots.Where(r => Directory.Exists(r.KeyDirectory)).Select(r => SpoolPermissions.PrivateDirectory(r.KeyDirectory, ids)),
        ]);
        foreach (var problem in InstallationCheck.Problems(SpoolPermissions.CommOwnedForSigner(layout, ids)))
        {
            // The comm user's own file: reported, and left to it (only its answers' latency depends on it).
            log.Warning("audit: {Problem}; the comm handler's doorbell, which the signer only rings: starting anyway", problem);
        }

        if (config.OpenPgpKeyFile is { } pgpFile)
        {
            InstallationCheck.Require([SpoolPermissions.KeyFile(pgpFile, ids)]);
        }

        // One signer per installation, before any key, spool entry or database row is touched.
        var instance = InstanceLock.Take(Path.Combine(config.StateDir, "signer.lock"), "privsep-signerd");
        try
        {
            return Start(config, log, configPath, layout, ids, instance);
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    private static SignerDaemon Start(InstallationConfig config, ILogger log, string configPath, SpoolLayout layout, ServiceIdentities ids, InstanceLock instance)
    {
        var keys = KeyLoader.Open(config);
        if (keys.Token is { } token)
        {
            // One alarm per outage and one per recovery, never one per request.
            token.AvailabilityChanged += (_, e) =>
            {
                if (e.IsAvailable)
                {
                    log.Warning("audit: PKCS#11 token {Token} is available again: {Reason}", token.TokenLabel, e.Reason);
                }
                else
                {
                    log.Fatal("audit: ALARM PKCS#11 token {Token} unavailable; answering \"unavailable\" until it returns: {Reason}", token.TokenLabel, e.Reason);
                }
            };
        }

        RootRegistry roots;
        try
        {
            roots = RootRegistry.Load(
                config,
                keys,
                log,
                () => ConfigLoader.Load(configPath),
                dir => InstallationCheck.Problems([SpoolPermissions.PrivateDirectory(dir, ids)]) is [_, ..] problems ? string.Join("; ", problems) : null);
        }
        catch
        {
            keys.Dispose();
            throw;
        }

        Issuance.OpenPgp.OpenPgpCaKey? pgp;
        try
        {
            pgp = OpenPgpKeyFile.Load(config.OpenPgpKeyFile, keys);
        }
        catch
        {
            roots.Dispose();
            keys.Dispose();
            throw;
        }

        if (pgp is not null)
        {
            log.Information("audit: loaded OpenPGP CA key {Fingerprint}", pgp.FingerprintHex);
        }
        foreach (var root in roots.All)
        {
            log.Information("audit: loaded root {Root} key version {Version} key {Key} certificate sha256 {Fingerprint}", root.Name, root.Version, root.Issuer.KeyDescription, root.Issuer.CertificateSha256Hex);
            var ceremonyOnly = root.Profiles.Values.Where(p => !p.LinkReachable).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            if (ceremonyOnly.Count > 0)
            {
                log.Information("audit: root {Root} profiles {Profiles} are ceremony-only: refused over the link, issued by `privsep-signerd ceremony sign-csr`", root.Name, string.Join(",", ceremonyOnly));
            }
        }

        foreach (var (name, _) in config.Profiles.Where(p => p.Value.LinkReachable == true && p.Value.MakesCaOrResponder()))
        {
            log.Warning("audit: profile {Profile} makes CA or OCSP-responder certificates and is open to the link (linkReachable): any front end can obtain one", name);
        }

        var database = new IssuanceDatabase(Path.Combine(config.StateDir, "issuance.db"));
        var status = new SignerStatus();
        var clock = new ClockGuard(TimeSpan.FromSeconds(config.Time.EffectiveWarnOffsetSeconds), TimeSpan.FromSeconds(config.Time.MaxOffsetSeconds), log);
        var crlFiles = new Crls.CrlFiles(layout);
        var crlWorker = new Crls.CrlWorker(database, crlFiles, config.Crl, scope => roots.FindVersion(scope.Root, scope.Issuer)?.CrlSigner, log);
        var crls = new Crls.CrlService(database, config.Crl, crlFiles, crlWorker);
        crls.ScheduleDue(roots.CrlSigners(DateTimeOffset.UtcNow).Select(r => r.CrlScope), DateTimeOffset.UtcNow);
        var issuance = new IssuancePipeline(roots, database, clock, new IssuanceSteps(config, database, log), log);
        var revocations = new RevocationDesk(roots, database, log);
        var dispatch = DispatchTable.ForEveryRequest(
            [
                new SignX509Handler(issuance),
                new SignSpkacHandler(issuance),
                new SignX509WithNamesHandler(issuance),
                new CaCertHandler(roots),
                new StatusHandler(roots, database, status, pgp?.FingerprintHex),
                new PgpSignHandler(pgp, database, clock, log),
                new PgpCaKeyHandler(pgp),
                new RevokeHandler(revocations),
                new RevokeBatchHandler(revocations),
                new KeepaliveHandler(clock),
                new ClockStatusHandler(clock),
                new CrlHandler(roots, crls),
                new IssueCrlHandler(roots, crls, log),
                new CrlStatusHandler(roots, crls, config.Crl),
                new ListCertificatesHandler(database),
                new ShowCertificateHandler(database),
                new RootVersionsHandler(roots),
            ],
            log);
        var journal = AttemptJournal.Open(Path.Combine(config.StateDir, "attempts"));
        var processor = new SpoolProcessor(
            layout,
            ids.CommUid,
            dispatch,
            database,
            status,
            journal,
            log,
            periodic: now =>
            {
                crls.ScheduleDue(roots.CrlSigners(now).Select(r => r.CrlScope), now);
                if (crlFiles.Prune(database.CurrentCrlFiles(), now) is > 0 and var pruned)
                {
                    log.Information("removed {Count} published CRL files no longer current", pruned);
                }
            },
            committed: batch => crls.Changed(batch.Revocations.Select(r => r.Root).Distinct(StringComparer.Ordinal).SelectMany(root => roots.Versions(root)).Select(v => v.CrlScope)));
        return new SignerDaemon(keys, roots, database, journal, crlWorker, crlFiles, processor, new KeyReloader(roots, TimeSpan.FromSeconds(config.KeyReloadSeconds), log), pgp) { instance = instance };
    }

    public Task RunAsync(CancellationToken ct) => processor.RunAsync(ct);

    public void Dispose()
    {
        reloader.Dispose();
        processor.Dispose();
        crlWorker.Dispose();
        crlFiles.Dispose();
        journal.Dispose();
        database.Dispose();
        instance?.Dispose();
        roots.Dispose();
        pgp?.Dispose();
        keys.Dispose();
    }
}
