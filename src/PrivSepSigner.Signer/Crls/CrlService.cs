using PrivSepSigner.Configuration;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Crls;

/// <summary>
/// The CRL policy (RFC 5280 5.2.4, 5.2.5; docs/protocol.md section 6.8): which CRL a request
/// gets, and when a new one is made. CRLs are made by the <see cref="CrlWorker"/>, never while a
/// request waits: a request for a CRL that does not exist yet is answered "retry later".
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A <b>full CRL</b> (the base) is made when a key version has none, on its schedule
/// (<c>crl.resignBeforeHours</c> before its nextUpdate), and when asked for explicitly
/// (<see cref="Fresh"/>: the operator, and the legacy link's revocation answer) if anything
/// changed since the newest one. A plain request gets the newest full CRL as it is: it is not
/// re-signed because something was revoked since, so that deltas have a base that stays put.</item>
/// <item>A <b>delta CRL</b> lists every change since its base was made: revocations, raised
/// reasons, released holds (removeFromCRL). Without a base number it is made against the newest
/// full CRL; with one, against that base, however old, as long as its record exists. A delta is
/// made again when anything of the root changed since (its revocation generation) or when less
/// than a quarter of its validity is left; revocations make the worker prepare the next delta at
/// once, so the next request usually finds it ready.</item>
/// <item>A CRL counts only once its file is published; one whose file is gone is made again.</item>
/// </list>
/// </remarks>
internal sealed class CrlService
{
    private readonly IssuanceDatabase database;
    private readonly CrlPolicyConfig policy;
    private readonly CrlFiles files;
    private readonly CrlWorker worker;

    public CrlService(IssuanceDatabase database, CrlPolicyConfig policy, CrlFiles files, CrlWorker worker)
    {
        this.database = database;
        this.policy = policy;
        this.files = files;
        this.worker = worker;
    }

    /// <summary>The newest full CRL of a key version, unless it has expired or was never published.</summary>
    public CrlAnswer Full(CrlScope scope, DateTimeOffset now)
    {
        var latest = database.FindFullCrl(scope);
        if (latest is not null && files.Exists(latest.Sha256) && now < latest.NextUpdate)
        {
            if (Due(latest, now))
            {
                worker.Want(new CrlJob(scope, null));
            }

            return new CrlAnswer.Ready(latest);
        }

        return Wait(new CrlJob(scope, null), $"the first full CRL of root {scope.Root} (this key version)");
    }

    /// <summary>A full CRL that lists everything revoked so far: the newest one if nothing changed since it, else a new one.</summary>
    public CrlAnswer Fresh(CrlScope scope, DateTimeOffset now)
    {
        var latest = database.FindFullCrl(scope);
        if (latest is not null && files.Exists(latest.Sha256) && now < latest.NextUpdate && latest.Generation == database.CrlGeneration(scope.Root))
        {
            return new CrlAnswer.Ready(latest);
        }

        return Wait(new CrlJob(scope, null), $"a new full CRL of root {scope.Root}");
    }

    /// <summary>A current delta CRL against <paramref name="baseNumber"/> (0: the newest full CRL).</summary>
    /// <exception cref="KeyNotFoundException">The key version has no full CRL of that number.</exception>
    public CrlAnswer Delta(CrlScope scope, long baseNumber, DateTimeOffset now)
    {
        var baseCrl = baseNumber == 0 ? database.FindFullCrl(scope) : database.FindFullCrl(scope, baseNumber)
            ?? throw new KeyNotFoundException($"baseCrlNumber: root \"{scope.Root}\" (this key version) has no full CRL number {baseNumber}");
        if (baseCrl is null)
        {
            return Wait(new CrlJob(scope, null), $"the first full CRL of root {scope.Root} (this key version)");
        }

        var job = new CrlJob(scope, baseCrl.Number);
        var delta = database.FindDeltaCrl(scope, baseCrl.Number);
        if (delta is not null && files.Exists(delta.Sha256) && delta.Generation == database.CrlGeneration(scope.Root)
            && now < delta.NextUpdate - TimeSpan.FromHours(policy.DeltaValidityHours / 4.0))
        {
            return new CrlAnswer.Ready(delta);
        }

        return Wait(job, $"a delta CRL of root {scope.Root} against {baseCrl.Number}");
    }

    /// <summary>Makes every key version's first full CRL, and the next one of those that are due.</summary>
    public void ScheduleDue(IEnumerable<CrlScope> scopes, DateTimeOffset now)
    {
        foreach (var scope in scopes)
        {
            var latest = database.FindFullCrl(scope);
            if (latest is null || !files.Exists(latest.Sha256) || Due(latest, now))
            {
                worker.Want(new CrlJob(scope, null));
            }
        }
    }

    /// <summary>After a commit that revoked or changed certificates: prepare the deltas against the newest bases.</summary>
    public void Changed(IEnumerable<CrlScope> scopes)
    {
        foreach (var scope in scopes)
        {
            if (database.FindFullCrl(scope) is { } latest)
            {
                worker.Want(new CrlJob(scope, latest.Number));
            }
        }
    }

    /// <summary>Where the CRLs of a key version stand, for status.</summary>
    public PrivSepSigner.Protocol.Messages.CrlScopeStatus Status(CrlScope scope)
    {
        var latest = database.FindFullCrl(scope);
        var delta = latest is null ? null : database.FindDeltaCrl(scope, latest.Number);
        return new PrivSepSigner.Protocol.Messages.CrlScopeStatus
        {
            IssuerCertificateSha256 = scope.Issuer,
            BaseNumber = latest?.Number ?? 0,
            BaseThisUpdateUnixMs = latest?.ThisUpdate.ToUnixTimeMilliseconds() ?? 0,
            BaseNextUpdateUnixMs = latest?.NextUpdate.ToUnixTimeMilliseconds() ?? 0,
            BaseEntries = latest?.Entries ?? 0,
            DeltasSinceBase = latest is null ? 0 : database.DeltaCount(scope, latest.Number),
            LatestDeltaNumber = delta?.Number ?? 0,
            ChangesSinceBase = latest is null ? 0 : database.ChangedSince(scope, latest.ThisUpdate),
        };
    }

    private bool Due(StoredCrl crl, DateTimeOffset now) => now >= crl.NextUpdate - TimeSpan.FromHours(policy.ResignBeforeHours);

    private CrlAnswer Wait(CrlJob job, string what)
    {
        worker.Want(job);
        return new CrlAnswer.Pending($"{what} is being made; resend this request with the same id in a few seconds");
    }
}
