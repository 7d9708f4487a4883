using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// Which certificate `revoke` and `unhold` act on: --serial with --root, or --cert FILE, whose
/// serial is read from the certificate and whose root is the one whose key version issued it
/// (its authorityKeyIdentifier is that CA certificate's subjectKeyIdentifier, RFC 5280 4.2.1.1,
/// and its signature verifies with that key). Sends the RevokeRequest.
/// </summary>
internal sealed class RevocationTarget
{
    private readonly FrontEndOptions link = new();
    private readonly Option<string> root = CliOptions.Root(required: false, "the root that issued it (with --cert: checked against the certificate)");
    private readonly Option<string> serial = CliOptions.Serial(required: false);
    private readonly Option<string> cert = new("--cert") { HelpName = "FILE", Description = "the certificate itself (PEM or DER): serial and root are taken from it" };
    private readonly Option<string> requestId = CliOptions.RequestId();

    /// <param name="command">The command to add the options to.</param>
    /// <param name="serialsFile">A third way to name certificates (`revoke --serials-file`), if the command has one.</param>
    public static RevocationTarget AddTo(Command command, Option<string>? serialsFile = null)
    {
        var t = new RevocationTarget();
        t.link.AddTo(command);
        command.Options.Add(t.root);
        command.Options.Add(t.serial);
        command.Options.Add(t.cert);
        command.Options.Add(t.requestId);
        if (serialsFile is not null)
        {
            command.Options.Add(serialsFile);
        }

        CrossChecks.Add(command, r =>
        {
            var byList = serialsFile is not null && CrossChecks.Given(r, serialsFile);
            if (new[] { CrossChecks.Given(r, t.serial), CrossChecks.Given(r, t.cert), byList }.Count(given => given) != 1)
            {
                r.AddError(serialsFile is null ? "give exactly one of --serial HEX or --cert FILE" : "give exactly one of --serial HEX, --cert FILE or --serials-file FILE");
            }
            else if ((CrossChecks.Given(r, t.serial) || byList) && !CrossChecks.Given(r, t.root))
            {
                r.AddError(byList ? "--serials-file needs --root" : "--serial needs --root (or give --cert FILE)");
            }
        });
        return t;
    }

    public string RootOf(ParseResult p) => p.GetRequiredValue(root);

    /// <summary>
    /// A mass revocation: RevokeBatchRequests of up to 1,000 serials, one id per part derived from
    /// the command's (a rerun with --request-id resends the same parts and gets the stored answers).
    /// </summary>
    public async IAsyncEnumerable<RevokeBatchResponse> SendManyAsync(ParseResult p, int reason, IReadOnlyList<string> serials, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var id = p.GetValue(requestId) ?? FrontEnd.NewRequestId();
        await using var front = link.Open(p);
        var part = 0;
        foreach (var chunk in serials.Chunk(MessageValidator.MaxBatchSerials))
        {
            var partId = $"{id}-{part++}";
            yield return await front.AskAsync<RevokeBatchResponse>(MessageType.RevokeBatchRequest, new RevokeBatchRequest
            {
                RequestId = partId,
                FrontEndTimeUnixMs = FrontEnd.Now,
                Root = p.GetRequiredValue(root),
                Reason = reason,
                Serials = chunk,
            }, partId, ct);
        }
    }

    public async Task<RevokeResponse> SendAsync(ParseResult p, int reason, CancellationToken ct)
    {
        var id = p.GetValue(requestId) ?? FrontEnd.NewRequestId();
        await using var front = link.Open(p);
        var (rootName, serialHex) = p.GetValue(cert) is { } file
            ? await FromCertificateAsync(front, file, p.GetValue(root), ct)
            : (p.GetRequiredValue(root), p.GetRequiredValue(serial));
        return await front.AskAsync<RevokeResponse>(MessageType.RevokeRequest, new RevokeRequest
        {
            RequestId = id,
            FrontEndTimeUnixMs = FrontEnd.Now,
            Root = rootName,
            SerialHex = serialHex,
            Reason = reason,
        }, id, ct);
    }

    private static async Task<(string Root, string Serial)> FromCertificateAsync(FrontEnd front, string file, string? expectedRoot, CancellationToken ct)
    {
        using var certificate = Pem.ReadCertificate(file);
        if (!SerialNumberText.TryNormalize(certificate.SerialNumber, out var serialHex, out var error))
        {
            throw new UsageException($"{file}: {error}");
        }

        var statusId = FrontEnd.NewRequestId();
        var status = await front.AskAsync<StatusResponse>(MessageType.StatusRequest, new StatusRequest { RequestId = statusId, FrontEndTimeUnixMs = FrontEnd.Now }, statusId, ct);
        foreach (var r in status.Roots.Where(r => expectedRoot is null || r.Name == expectedRoot))
        {
            var id = FrontEnd.NewRequestId();
            var versions = await front.AskAsync<RootVersionsResponse>(MessageType.RootVersionsRequest, new RootVersionsRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now, Root = r.Name, IssuerCertificateSha256 = null }, id, ct);
            if (versions.Versions.Any(v => Issued(v.Certificate, certificate)))
            {
                return (r.Name, serialHex);
            }
        }

        throw new UsageException(expectedRoot is null
            ? $"{file}: no key version of any root of this signing host issued it"
            : $"{file}: root {expectedRoot} did not issue it");
    }

    /// <summary>Whether the CA certificate's key signed <paramref name="certificate"/> (its issuer name first, then the signature).</summary>
    private static bool Issued(byte[] caDer, X509Certificate2 certificate)
    {
        using var ca = X509CertificateLoader.LoadCertificate(caDer);
        if (!ca.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Only "signed by this key" matters: an expired or revoked certificate is still revocable.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreWrongUsage | X509VerificationFlags.IgnoreInvalidPolicy;
        try
        {
            return chain.Build(certificate) && chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(ca.RawData);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
