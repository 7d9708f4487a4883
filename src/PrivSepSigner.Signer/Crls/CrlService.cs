using PrivSepSigner.Configuration;
using PrivSepSigner.Signer.State;
using Serilog;

namespace PrivSepSigner.Signer.Crls;

/// <summary>
/// Full and delta CRLs per root (RFC 5280 5, 5.2.4). CRL numbers come from the database
/// (one strictly increasing sequence per root shared by full and delta CRLs), never from
/// the clock. A full CRL is reissued when a certificate was revoked since the last one, or
/// when its nextUpdate is near (re-signed on schedule even if nothing changed); otherwise
/// the stored one is handed out again. Each CRL is stored before it leaves the signer.
/// </summary>
internal sealed class CrlService
{
    private readonly IssuanceDatabase database;
    private readonly CrlPolicyConfig policy;
    private readonly Func<string, ICrlSigner?> signerFor;
    private readonly ILogger log;
    private readonly Lock gate = new();

    public CrlService(IssuanceDatabase database, CrlPolicyConfig policy, Func<string, ICrlSigner?> signerFor, ILogger log)
    {
        this.database = database;
        this.policy = policy;
        this.signerFor = signerFor;
        this.log = log;
    }

    /// <summary>The current full CRL of a root, made now if there is none or it is stale.</summary>
    public StoredCrl Full(string root, DateTimeOffset now)
    {
        lock (gate)
        {
            var latest = database.FindFullCrl(root);
            var revoked = database.RevokedCount(root);
            if (latest is not null && latest.RevokedCount == revoked && now < latest.NextUpdate - TimeSpan.FromHours(policy.ResignBeforeHours))
            {
                return latest;
            }

            var signer = signerFor(root) ?? throw new InvalidOperationException($"no CRL signer for root {root}");
            var number = database.LastCrlNumber(root) + 1;
            var next = now + TimeSpan.FromHours(policy.ValidityHours);
            var entries = database.Revoked(root, now - TimeSpan.FromDays(policy.ExpiredLookbackDays));
            var crl = new StoredCrl(root, number, null, now, next, signer.SignFull(number, now, next, entries, policy.DeltaCrlUrl?.Replace("{root}", root, StringComparison.Ordinal)), revoked);
            database.StoreCrl(crl);
            log.Information("audit: issued full CRL root {Root} number {Number} entries {Entries} nextUpdate {NextUpdate:O}", root, number, entries.Count, next);
            return crl;
        }
    }

    /// <summary>
    /// A delta CRL against the given full CRL number (0: the current full CRL) listing what
    /// was revoked since that base was made. Revocations made in the same millisecond as the
    /// base may be listed again: listing a revoked serial twice is harmless, missing one is not.
    /// </summary>
    public StoredCrl Delta(string root, long baseNumber, DateTimeOffset now)
    {
        lock (gate)
        {
            var baseCrl = baseNumber == 0 ? Full(root, now) : database.FindFullCrl(root, baseNumber)
                ?? throw new KeyNotFoundException($"baseCrlNumber: root \"{root}\" has no full CRL number {baseNumber}");
            var signer = signerFor(root) ?? throw new InvalidOperationException($"no CRL signer for root {root}");
            var number = database.LastCrlNumber(root) + 1;
            var next = now + TimeSpan.FromHours(policy.DeltaValidityHours);
            var entries = database.Revoked(root, now - TimeSpan.FromDays(policy.ExpiredLookbackDays), baseCrl.ThisUpdate);
            var crl = new StoredCrl(root, number, baseCrl.Number, now, next, signer.SignDelta(number, baseCrl.Number, now, next, entries), database.RevokedCount(root));
            database.StoreCrl(crl);
            log.Information("audit: issued delta CRL root {Root} number {Number} base {Base} entries {Entries}", root, number, baseCrl.Number, entries.Count);
            return crl;
        }
    }

    /// <summary>Makes every root's first CRL, and re-signs those that are due even when nothing was revoked.</summary>
    public void ResignDue(IEnumerable<string> roots, DateTimeOffset now)
    {
        foreach (var root in roots)
        {
            var latest = database.FindFullCrl(root);
            if (latest is null || now >= latest.NextUpdate - TimeSpan.FromHours(policy.ResignBeforeHours))
            {
                Full(root, now);
            }
        }
    }
}
