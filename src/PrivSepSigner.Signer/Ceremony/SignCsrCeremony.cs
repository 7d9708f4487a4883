using PrivSepSigner.Posix.Files;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance;
using PrivSepSigner.Logging;
using PrivSepSigner.Policy;
using PrivSepSigner.Signer.Handlers;
using PrivSepSigner.Signer.Roots;
using PrivSepSigner.Signer.State;
using Serilog;

namespace PrivSepSigner.Signer.Ceremony;

/// <summary>
/// `ceremony sign-csr --config PATH --root NAME --profile NAME --csr FILE --out FILE [--confirm SHA256]`:
/// the operator, on the signing host, issues a certificate of a profile the link may not ask for
/// (a sub-CA or an OCSP responder; any profile of the root is accepted). The request gets every
/// check a link request gets (<see cref="IssuanceSteps"/>); then what will be issued is printed,
/// and nothing is signed until the operator confirms: the CSR file's SHA-256 as `sha256sum`
/// prints it, given with --confirm, or "yes" typed on stdin. The request, the confirmation and
/// the signature go to the audit log (APP-NAME privsep-ceremony, sealed with the signer's chain
/// key); the certificate is recorded in the issuance database (its CRLs and listings) before it
/// is written to --out.
/// </summary>
internal static class SignCsrCeremony
{
    /// <summary>A CSR file is a few KiB; the DER inside is bounded again by <see cref="CsrInfo.MaxDerBytes"/>.</summary>
    public const int MaxCsrFileBytes = 64 * 1024;

    /// <param name="confirm">The request file's SHA-256 (--confirm); null: ask on <paramref name="input"/>.</param>
    public static int Run(string configPath, string rootName, string profileName, string csrFile, string outFile, string? confirm, TextReader input, TextWriter output, TextWriter prompt)
    {
        var (config, rootConfig) = RootKeyCeremony.FindRoot(configPath, rootName);
        if (!rootConfig.Profiles.Contains(profileName))
        {
            throw new ArgumentException($"--profile: root \"{rootConfig.Name}\" has no profile \"{profileName}\"");
        }

        if (Path.Exists(outFile))
        {
            throw new ArgumentException($"--out: {outFile} exists; the ceremony writes a new file");
        }

        var (fileBytes, der) = ReadCsr(csrFile);
        var csrSha256 = Convert.ToHexStringLower(SHA256.HashData(fileBytes));
        using var log = DaemonLog.Create(ConfiguredLogging.Options(DaemonNames.Ceremony, config.Logging));
        using var keys = KeyLoader.Open(config);
        using var roots = RootRegistry.Load(config, keys, log);
        using var database = new IssuanceDatabase(Path.Combine(config.StateDir, "issuance.db"));
        var steps = new IssuanceSteps(config, database, log);

        // Never earlier than a time the signer already used (SignerClock's rule).
        var now = DateTimeOffset.UtcNow > database.LastTimeUsed ? DateTimeOffset.UtcNow : database.LastTimeUsed;
        var root = roots.IssuerAt(rootConfig.Name, now) ?? throw new InvalidOperationException($"root {rootConfig.Name} has no CA certificate valid now");
        var profile = root.Profiles[profileName];
        var requestId = "ceremony-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        log.Information(
            "audit: ceremony sign-csr request {RequestId} by the operator on the signing host: root {Root} profile {Profile} csr sha256 {CsrSha256}",
            requestId, root.Name, profile.Name, csrSha256);

        CsrInfo csr;
        try
        {
            csr = CsrInfo.Parse(der);
        }
        catch (CsrException e)
        {
            return Refused(log, output, requestId, $"csr: {e.Message}");
        }

        var checkedRequest = steps.Check(profile, csr, _ => true);
        if (checkedRequest is PolicyResult.Refused refused)
        {
            return Refused(log, output, requestId, $"{refused.Code}: {refused.Message}");
        }

        PreparedCertificate prepared;
        try
        {
            prepared = steps.Prepare(root, profile, csr, (PolicyResult.Approved)checkedRequest, _ => true, now);
        }
        catch (IssuanceException e)
        {
            return Refused(log, output, requestId, $"certificate would break a rule: {e.Message}");
        }

        output.Write(Describe(root, profile, csr, prepared, csrFile, csrSha256));
        output.Flush();
        var (confirmed, how) = Confirm(confirm, csrSha256, input, prompt);
        if (!confirmed)
        {
            log.Warning("audit: ceremony sign-csr request {RequestId} NOT confirmed: {Reason}; nothing issued", requestId, how);
            output.WriteLine($"not confirmed ({how}); nothing issued");
            return 1;
        }

        log.Information("audit: ceremony sign-csr request {RequestId} confirmed by the operator ({How}) for csr sha256 {CsrSha256} serial {Serial}", requestId, how, csrSha256, prepared.SerialHex);
        var issued = steps.Sign(requestId, root, profile, prepared, csr.SpkiSha256Hex);
        database.Commit([IssuanceSteps.Record(issued, root, profile, requestId, now)], [], [], now);
        log.Information("audit: ceremony sign-csr request {RequestId} serial {Serial} recorded in the issuance database", requestId, issued.SerialHex);
        DurableFile.CreateNew(outFile, Encoding.ASCII.GetBytes(PemEncoding.WriteString("CERTIFICATE", issued.Der) + "\n"), CeremonyFiles.PublicFile);
        output.WriteLine($"issued {profile.Name} certificate serial {issued.SerialHex} under root {root.Name}, recorded in the issuance database; written to {outFile}");
        return 0;
    }

    /// <summary>The file's bytes (what the operator hashes) and the DER request in it (PEM "CERTIFICATE REQUEST" or DER).</summary>
    private static (byte[] File, byte[] Der) ReadCsr(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[MaxCsrFileBytes + 1];
        var length = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (length > MaxCsrFileBytes)
        {
            throw new InvalidDataException($"--csr: {path} is larger than {MaxCsrFileBytes} bytes");
        }

        var bytes = buffer[..length];
        var text = Encoding.ASCII.GetString(bytes);
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return (bytes, bytes);
        }

        var fields = PemEncoding.Find(text);
        var label = text[fields.Label];
        if (label is not ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST"))
        {
            throw new InvalidDataException($"--csr: {path} holds a PEM {label}, not a CERTIFICATE REQUEST");
        }

        return (bytes, Convert.FromBase64String(text[fields.Base64Data]));
    }

    /// <summary>What the operator confirms: everything the certificate will say that a request could influence.</summary>
    private static string Describe(SigningRoot root, Profile profile, CsrInfo csr, PreparedCertificate prepared, string csrFile, string csrSha256)
    {
        var eku = profile.ExtendedKeyUsageOids.Select(o => KnownOids.ExtendedKeyUsages.FirstOrDefault(p => p.Value == o).Key ?? o);
        var kind = profile.IsCa ? $"CA, path length {(profile.PathLength is { } p ? p.ToString(CultureInfo.InvariantCulture) : "unlimited")}" : "not a CA";
        var key = csr.KeyKind == KeyKind.Rsa ? $"RSA-{csr.RsaBits}" : csr.CurveName ?? csr.KeyKind.ToString();
        var text = new StringBuilder();
        text.AppendLine("Certificate to be issued (nothing is signed until you confirm):")
            .AppendLine(CultureInfo.InvariantCulture, $"  root                {root.Name}, key version {root.Version}, CA certificate sha256 {root.Issuer.CertificateSha256Hex}")
            .AppendLine(CultureInfo.InvariantCulture, $"  profile             {profile.Name} ({kind}{(profile.LinkReachable ? "; also open to the link" : "; ceremony-only")})")
            .AppendLine(CultureInfo.InvariantCulture, $"  subject             {prepared.Subject}")
            .AppendLine(CultureInfo.InvariantCulture, $"  subject alt names   {(prepared.Sans.Count == 0 ? "(none)" : string.Join(", ", prepared.Sans.Select(s => $"{s.Kind}:{s.Value}")))}")
            .AppendLine(CultureInfo.InvariantCulture, $"  public key          {key}, SPKI sha256 {csr.SpkiSha256Hex}")
            .AppendLine(CultureInfo.InvariantCulture, $"  key usage           {profile.KeyUsage}")
            .AppendLine(CultureInfo.InvariantCulture, $"  extended key usage  {(profile.ExtendedKeyUsageOids.Count == 0 ? "(none)" : string.Join(", ", eku))}")
            .AppendLine(CultureInfo.InvariantCulture, $"  name constraints    {profile.NameConstraints?.Describe() ?? "(none)"}")
            .AppendLine(CultureInfo.InvariantCulture, $"  validity            {prepared.NotBefore.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} to {prepared.NotAfter.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}")
            .AppendLine(CultureInfo.InvariantCulture, $"  serial              {prepared.SerialHex}")
            .AppendLine(CultureInfo.InvariantCulture, $"  request file        {csrFile}, sha256 {csrSha256}")
            .AppendLine(CultureInfo.InvariantCulture, $"To issue: type yes below, or run again with --confirm {csrSha256} (sha256sum of the request file).");
        return text.ToString();
    }

    /// <summary>Confirmed by --confirm naming the request file's SHA-256, or else by "yes" typed on stdin.</summary>
    private static (bool Confirmed, string How) Confirm(string? confirm, string csrSha256, TextReader input, TextWriter prompt)
    {
        if (confirm is not null)
        {
            return string.Equals(confirm.Trim(), csrSha256, StringComparison.OrdinalIgnoreCase)
                ? (true, "--confirm with the request file's SHA-256")
                : (false, $"--confirm {confirm} is not the request file's SHA-256 {csrSha256}");
        }

        prompt.Write("Issue this certificate? Type yes: ");
        prompt.Flush();
        var answer = input.ReadLine();
        return answer?.Trim() == "yes" ? (true, "typed yes") : (false, answer is null ? "no answer on stdin" : "the answer was not yes");
    }

    private static int Refused(ILogger log, TextWriter output, string requestId, string reason)
    {
        log.Warning("audit: ceremony sign-csr refused request {RequestId}: {Reason}; nothing issued", requestId, reason);
        output.WriteLine($"refused: {reason}; nothing issued");
        return 1;
    }
}
