using PrivSepSigner.Configuration;
using PrivSepSigner.Signer.Handlers;
using PrivSepSigner.Signer.Processing;
using PrivSepSigner.Signer.Roots;
using PrivSepSigner.Signer.State;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Accounts;
using PrivSepSigner.Spool.Installation;
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

    private SignerDaemon(KeyLoader keys, RootRegistry roots, IssuanceDatabase database, SpoolProcessor processor, KeyReloader reloader)
    {
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
    public static SignerDaemon Start(SignerConfig config, ILogger log)
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
            .. config.Roots.Select(r => SpoolPermissions.PrivateDirectory(r.KeyDirectory, ids)),
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
            roots = RootRegistry.Load(config, keys, log);
        }
        catch
        {
            keys.Dispose();
            throw;
        }

        var pgp = LoadOpenPgpKey(config.OpenPgpKeyFile);
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
        var clock = new ClockGuard(TimeSpan.FromSeconds(config.Time.MaxOffsetSeconds), log);
        var crls = new Crls.CrlService(database, config.Crl, scope => roots.FindVersion(scope.Root, scope.Issuer) is { } r ? new Crls.RootCrlSigner(r.CrlSigner) : null, log);
        crls.ResignDue(roots.CrlSigners(DateTimeOffset.UtcNow).Select(r => r.CrlScope), DateTimeOffset.UtcNow);
        var issuance = new IssuancePipeline(roots, database, clock, new IssuanceSteps(config, database, log), log);
        var dispatch = new DispatchTable(
            [
                new SignX509Handler(issuance),
                new SignSpkacHandler(issuance),
                new CaCertHandler(roots),
                new StatusHandler(roots, database, status, pgp?.FingerprintHex),
                new PgpSignHandler(pgp, database, clock, log),
                new PgpCaKeyHandler(pgp),
                new RevokeHandler(roots, database, log),
                new KeepaliveHandler(clock),
                new CrlHandler(roots, crls),
            ],
            log);
        var processor = new SpoolProcessor(layout, ids.CommUid, dispatch, database, status, log, now => crls.ResignDue(roots.CrlSigners(now).Select(r => r.CrlScope), now));
        return new SignerDaemon(keys, roots, database, processor, new KeyReloader(roots, TimeSpan.FromSeconds(config.KeyReloadSeconds), log));
    }

    public Task RunAsync(CancellationToken ct) => processor.RunAsync(ct);

    private static Issuance.OpenPgp.OpenPgpCaKey? LoadOpenPgpKey(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        try
        {
            return Issuance.OpenPgp.OpenPgpCaKey.Load(bytes);
        }
        catch (Exception e) when (e is IOException or Org.BouncyCastle.Bcpg.OpenPgp.PgpException or InvalidOperationException)
        {
            throw new ConfigurationException("openPgpKeyFile", $"{path}: not an unprotected OpenPGP secret key ring", e);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public void Dispose()
    {
        reloader.Dispose();
        processor.Dispose();
        database.Dispose();
        roots.Dispose();
        keys.Dispose();
    }
}
