using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance;
using PrivSepSigner.Policy;
using PrivSepSigner.Policy.KeyChecks;
using PrivSepSigner.Signer.Roots;
using PrivSepSigner.Signer.State;
using Serilog;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// The steps of issuing one certificate that the link's pipeline and the operator's ceremony
/// share: the key and profile checks, a fresh unique serial and the prepared TBS (no key touched),
/// then the signature between an audit line before and one after.
/// </summary>
internal sealed class IssuanceSteps
{
    private readonly IssuanceDatabase database;
    private readonly IReadOnlySet<string> uniqueKeyProfiles;
    private readonly IReadOnlySet<string> blockedKeys;
    private readonly ILogger log;

    public IssuanceSteps(InstallationConfig config, IssuanceDatabase database, ILogger log)
    {
        this.database = database;
        this.log = log;
        uniqueKeyProfiles = config.Profiles.Where(p => p.Value.UniqueKey).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        blockedKeys = config.BlockedSpkiSha256.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Key quality, a unique-key profile's key not certified before (<paramref name="claimKey"/>
    /// holds it also against requests not yet in the database), then the profile's policy.
    /// </summary>
    public PolicyResult Check(Profile profile, CsrInfo csr, Func<string, bool> claimKey)
    {
        if (KeyQuality.Check(csr, blockedKeys) is { } weak)
        {
            return weak;
        }

        if (uniqueKeyProfiles.Contains(profile.Name) && (database.KeyCertified(csr.SpkiSha256Hex) || !claimKey(csr.SpkiSha256Hex)))
        {
            return new PolicyResult.Refused(RefusalCode.KeyReused, $"profile \"{profile.Name}\" refuses a public key this CA has already certified");
        }

        return ProfilePolicy.Evaluate(profile, csr);
    }

    /// <summary>The TBS built and linted around a fresh serial; never touches the key.</summary>
    /// <param name="claimSerial">Also holds the serial against certificates not yet in the database.</param>
    /// <exception cref="IssuanceException">The certificate would break a rule.</exception>
    public PreparedCertificate Prepare(SigningRoot root, Profile profile, CsrInfo csr, PolicyResult.Approved approved, Func<string, bool> claimSerial, DateTimeOffset now) =>
        root.Issuer.Prepare(profile, csr, approved, NewUniqueSerial(claimSerial), now);

    /// <summary>The only step that touches the key, with an audit line before and one after it (or one saying it failed).</summary>
    /// <exception cref="IssuanceException">Signing failed (logged).</exception>
    /// <exception cref="Keys.KeyUnavailableException">The token is down.</exception>
    public IssuedCertificate Sign(string requestId, SigningRoot root, Profile profile, PreparedCertificate prepared, string spkiSha256Hex)
    {
        log.Information(
            "audit: signing request {RequestId} root {Root} key version {Version} profile {Profile} subject {Subject} san {San} serial {Serial} spki {Spki}",
            requestId, root.Name, root.Version, profile.Name, prepared.Subject, string.Join(",", prepared.Sans.Select(x => $"{x.Kind}:{x.Value}")), prepared.SerialHex, spkiSha256Hex);
        IssuedCertificate issued;
        try
        {
            issued = root.Issuer.Issue(prepared);
        }
        catch (IssuanceException e)
        {
            log.Error("audit: signing FAILED for request {RequestId}: {Error}", requestId, e.Message);
            throw;
        }

        log.Information(
            "audit: signed request {RequestId} result ok root {Root} profile {Profile} serial {Serial} subject {Subject} notAfter {NotAfter:O}",
            requestId, root.Name, profile.Name, issued.SerialHex, issued.SubjectDn, issued.NotAfter);
        return issued;
    }

    /// <summary>What the issuance database keeps of a certificate.</summary>
    public static IssuedRecord Record(IssuedCertificate issued, SigningRoot root, Profile profile, string requestId, DateTimeOffset issuedAt) =>
        new(issued.SerialHex, root.Name, root.Issuer.CertificateSha256Hex, profile.Name, requestId, issued.SubjectDn, issued.SpkiSha256Hex, issued.NotBefore, issued.NotAfter, issuedAt, issued.Der);

    /// <summary>CSPRNG serial, unique against the database and <paramref name="claim"/> (single writer, so race-free).</summary>
    private byte[] NewUniqueSerial(Func<string, bool> claim)
    {
        while (true)
        {
            var serial = SerialNumbers.NewSerial();
            var hex = Convert.ToHexStringLower(serial).TrimStart('0');
            if (!database.SerialExists(hex) && claim(hex))
            {
                return serial;
            }
        }
    }
}
