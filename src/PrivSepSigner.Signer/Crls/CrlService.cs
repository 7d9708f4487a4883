using PrivSepSigner.Configuration;
using PrivSepSigner.Signer.State;
using Serilog;

namespace PrivSepSigner.Signer.Crls;

/// <summary>
/// Full and delta CRLs per key version of a root (<see cref="CrlScope"/>; RFC 5280 5, 5.2.4).
/// CRL numbers come from the database (one strictly increasing sequence per root shared by
/// full and delta CRLs of all its versions), never from the clock. A full CRL is reissued when a certificate was revoked since the last one, or
/// when its nextUpdate is near (re-signed on schedule even if nothing changed); otherwise
/// the stored one is handed out again. Each CRL is stored before it leaves the signer.
/// </summary>
internal sealed class CrlService
{
    private readonly IssuanceDatabase database;
    private readonly CrlPolicyConfig policy;
    private readonly Func<CrlScope, ICrlSigner?> signerFor;
    private readonly ILogger log;
    private readonly Lock gate = new();

    public CrlService(IssuanceDatabase database, CrlPolicyConfig policy, Func<CrlScope, ICrlSigner?> signerFor, ILogger log)
    {
        this.database = database;
        this.policy = policy;
        this.signerFor = signerFor;
        this.log = log;
    }

    /// <summary>The current full CRL of a key version, made now if there is none or it is stale.</summary>
    public StoredCrl Full(CrlScope scope, DateTimeOffset now)
    {
        var root = scope.Root;
        lock (gate)
        {
            var latest = database.FindFullCrl(scope);
            var revoked = database.RevokedCount(scope);
            if (latest is not null && latest.RevokedCount == revoked && now < latest.NextUpdate - TimeSpan.FromHours(policy.ResignBeforeHours))
            {
                return latest;
            }

            var signer = signerFor(scope) ?? throw new InvalidOperationException($"no CRL signer for root {root} issuer {scope.Issuer}");
            var number = database.LastCrlNumber(root) + 1;
            var next = now + TimeSpan.FromHours(policy.ValidityHours);
            var entries = database.Revoked(scope, now - TimeSpan.FromDays(policy.ExpiredLookbackDays));
            var crl = new StoredCrl(scope, number, null, now, next, signer.SignFull(number, now, next, entries, policy.DeltaCrlUrl?.Replace("{root}", root, StringComparison.Ordinal)), revoked);
            database.StoreCrl(crl);
            log.Information("audit: issued full CRL root {Root} issuer {Issuer} number {Number} entries {Entries} nextUpdate {NextUpdate:O}", root, scope.Issuer, number, entries.Count, next);
            return crl;
        }
    }

    /// <summary>
    /// A delta CRL against the given full CRL number (0: the current full CRL) listing what
    /// was revoked since that base was made. Revocations made in the same millisecond as the
    /// base may be listed again: listing a revoked serial twice is harmless, missing one is not.
    /// </summary>
    public StoredCrl Delta(CrlScope scope, long baseNumber, DateTimeOffset now)
    {
        var root = scope.Root;
        lock (gate)
        {
            var baseCrl = baseNumber == 0 ? Full(scope, now) : database.FindFullCrl(scope, baseNumber)
                ?? throw new KeyNotFoundException($"baseCrlNumber: root \"{root}\" (this key version) has no full CRL number {baseNumber}");
            var signer = signerFor(scope) ?? throw new InvalidOperationException($"no CRL signer for root {root} issuer {scope.Issuer}");
            var number = database.LastCrlNumber(root) + 1;
            var next = now + TimeSpan.FromHours(policy.DeltaValidityHours);
            var entries = database.Revoked(scope, now - TimeSpan.FromDays(policy.ExpiredLookbackDays), baseCrl.ThisUpdate);
            var crl = new StoredCrl(scope, number, baseCrl.Number, now, next, signer.SignDelta(number, baseCrl.Number, now, next, entries), database.RevokedCount(scope));
            database.StoreCrl(crl);
            log.Information("audit: issued delta CRL root {Root} number {Number} base {Base} entries {Entries}", root, number, baseCrl.Number, entries.Count);
            return crl;
        }
    }

    /// <summary>Makes every key version's first CRL, and re-signs those that are due even when nothing was revoked.</summary>
    public void ResignDue(IEnumerable<CrlScope> scopes, DateTimeOffset now)
    {
        foreach (var scope in scopes)
        {
            var latest = database.FindFullCrl(scope);
            if (latest is null || now >= latest.NextUpdate - TimeSpan.FromHours(policy.ResignBeforeHours))
            {
                Full(scope, now);
            }
        }
    }
}
