using System.CommandLine;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// `sign --link PATH --root NAME --profile NAME (--csr FILE... | --csr-dir DIR | --spkac FILE) [--subject T=v]... [--san k:v]...
/// [--out-dir DIR] [--request-id ID] [--timeout S]`. A SPKAC carries no name, so its subject and
/// SANs are given here; given with one CSR, they are the certificate's names and the CSR only
/// proves possession of its key (a SignX509WithNamesRequest: names from the request, issue 16). Several CSRs (a script signing many) go pipelined over one session on the
/// link, which a serial line gives one front end at a time: answers come back matched by request
/// id, each certificate printed (or written to DIR/NAME.pem) in the order of the requests.
/// </summary>
internal static class SignCommand
{
    private const int Window = 32;

    public static Command Create()
    {
        var root = CliOptions.Root(required: true);
        var profile = CliOptions.Profile(required: true);
        var csr = new Option<string[]>("--csr") { HelpName = "FILE", Description = "a PKCS#10 request, PEM or DER; repeatable (several are sent pipelined over one session)" };
        var csrDir = new Option<string>("--csr-dir") { HelpName = "DIR", Description = "every *.csr, *.pem and *.der file in DIR, pipelined over one session" };
        var outDir = new Option<string>("--out-dir") { HelpName = "DIR", Description = "write each certificate to DIR/NAME.pem (NAME: the CSR file's name without extension) instead of stdout" };
        var spkac = new Option<string>("--spkac") { HelpName = "FILE", Description = "a SPKAC (the SPKAC= line openssl spkac prints, or DER)" };
        var subject = new Option<string[]>("--subject") { HelpName = "TYPE=VALUE", Description = "with --spkac or one --csr: a subject attribute (CN, O, OU, L, ST, C, emailAddress) stated by the front end; repeatable" };
        var san = new Option<string[]>("--san") { HelpName = "KIND:VALUE", Description = "with --spkac or one --csr: a subjectAltName dns:NAME, email:ADDR, ip:ADDR or otherName:1.3.6.1.5.5.7.8.5;UTF8:DOMAIN stated by the front end; repeatable" };
        var requestId = CliOptions.RequestId();
        var command = new Command("sign", "sign CSRs (or a SPKAC) under a root and profile, under their own names or those given with --subject/--san; prints the certificates (PEM)") { root, profile, csr, csrDir, outDir, spkac, subject, san, requestId };
        var link = new FrontEndOptions().AddTo(command);
        CrossChecks.Add(command, r =>
        {
            if (new[] { CrossChecks.Given(r, csr), CrossChecks.Given(r, csrDir), CrossChecks.Given(r, spkac) }.Count(g => g) != 1)
            {
                r.AddError("give --csr FILE (repeatable), --csr-dir DIR or --spkac FILE");
            }
            else if ((CrossChecks.Given(r, subject) || CrossChecks.Given(r, san)) && !CrossChecks.Given(r, spkac)
                && (CrossChecks.Given(r, csrDir) || r.GetValue(csr) is not [_]))
            {
                r.AddError("--subject and --san go with --spkac or one --csr (the names of one certificate)");
            }
        });
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            var id = p.GetValue(requestId) ?? FrontEnd.NewRequestId();
            var (rootName, profileName) = (p.GetRequiredValue(root), p.GetRequiredValue(profile));
            var (statedSubject, statedSans) = (p.GetValue(subject) ?? [], p.GetValue(san) ?? []);
            if (p.GetValue(spkac) is { } spkacFile)
            {
                var der = Pem.ReadSpkac(spkacFile);
                await using var front = link.Open(p);
                var answer = await front.AskAsync<SignSpkacResponse>(MessageType.SignSpkacRequest, new SignSpkacRequest
                {
                    RequestId = id,
                    FrontEndTimeUnixMs = FrontEnd.Now,
                    Root = rootName,
                    Profile = profileName,
                    Spkac = der,
                    Subject = statedSubject,
                    Sans = statedSans,
                }, id, ct);
                await stdout.WriteAsync(Pem.Certificate(answer.Certificate));
                return 0;
            }

            if (CrossChecks.Given(p.CommandResult, subject) || CrossChecks.Given(p.CommandResult, san))
            {
                // Names from the request: the certificate's names are the stated ones; the CSR gives only its key.
                var der = Pem.ReadCsr(p.GetValue(csr)![0]);
                await using var front = link.Open(p);
                return await SignOneAsync(front, id, MessageType.SignX509WithNamesRequest, new SignX509WithNamesRequest
                {
                    RequestId = id,
                    FrontEndTimeUnixMs = FrontEnd.Now,
                    Root = rootName,
                    Profile = profileName,
                    Csr = der,
                    Subject = statedSubject,
                    Sans = statedSans,
                }, stdout, ct);
            }

            var files = p.GetValue(csrDir) is { } dir ? CsrFiles(dir) : p.GetValue(csr)!;
            var requests = files.Select(f => (File: f, Der: Pem.ReadCsr(f))).ToList();
            await using (var front = link.Open(p))
            {
                return requests.Count == 1 && p.GetValue(outDir) is null
                    ? await SignOneAsync(front, id, MessageType.SignX509Request, Request(id, rootName, profileName, requests[0].Der), stdout, ct)
                    : await SignManyAsync(front, id, rootName, profileName, requests, p.GetValue(outDir), stdout, ct);
            }
        }));
        return command;
    }

    /// <summary>One CSR's request (its own names, or stated ones), answered by a SignX509Response.</summary>
    private static async Task<int> SignOneAsync(FrontEnd front, string id, MessageType type, object request, TextWriter stdout, CancellationToken ct)
    {
        var certificate = (await front.AskAsync<SignX509Response>(type, request, id, ct)).Certificate;
        await stdout.WriteAsync(Pem.Certificate(certificate));
        return 0;
    }

    /// <summary>
    /// Up to <see cref="Window"/> requests in flight on one session, ids derived from the
    /// command's (a rerun with --request-id resends the same ids and gets the same certificates).
    /// A refusal or a timeout is reported per CSR and does not stop the others.
    /// </summary>
    private static async Task<int> SignManyAsync(FrontEnd front, string id, string root, string profile, List<(string File, byte[] Der)> requests, string? outDir, TextWriter stdout, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(Window);
        var results = await Task.WhenAll(requests.Select(async (r, i) =>
        {
            var requestId = $"{id}-{i}";
            await gate.WaitAsync(ct);
            try
            {
                var answer = await front.AskAsync<SignX509Response>(MessageType.SignX509Request, Request(requestId, root, profile, r.Der), requestId, ct);
                return (r.File, RequestId: requestId, Certificate: answer.Certificate, Failure: (string?)null, Exit: 0);
            }
            catch (RefusedException e)
            {
                return (r.File, RequestId: requestId, Certificate: Array.Empty<byte>(), Failure: $"refused: {e.Error.Code}: {e.Error.Message}", Exit: e.Error.Code is ErrorCode.RetryLater or ErrorCode.Unavailable ? 75 : 1);
            }
            catch (AnswerTimeoutException e)
            {
                return (r.File, RequestId: requestId, Certificate: Array.Empty<byte>(), Failure: e.Message, Exit: 75);
            }
            finally
            {
                gate.Release();
            }
        }));

        foreach (var r in results)
        {
            if (r.Failure is not null)
            {
                await Console.Error.WriteLineAsync($"privsep-signer sign: {r.File} (request {r.RequestId}): {r.Failure}");
            }
            else if (outDir is not null)
            {
                await File.WriteAllTextAsync(Path.Combine(outDir, Path.GetFileNameWithoutExtension(r.File) + ".pem"), Pem.Certificate(r.Certificate), ct);
            }
            else
            {
                await stdout.WriteAsync(Pem.Certificate(r.Certificate));
            }
        }

        await Console.Error.WriteLineAsync($"privsep-signer sign: {results.Count(r => r.Failure is null)} of {results.Length} signed (request ids {id}-0 .. {id}-{results.Length - 1})");
        return results.Any(r => r.Exit == 1) ? 1 : results.Max(r => r.Exit);
    }

    private static SignX509Request Request(string id, string root, string profile, byte[] der) => new()
    {
        RequestId = id,
        FrontEndTimeUnixMs = FrontEnd.Now,
        Root = root,
        Profile = profile,
        Csr = der,
    };

    private static string[] CsrFiles(string dir)
    {
        if (!Directory.Exists(dir))
        {
            throw new UsageException($"{dir}: no such directory");
        }

        var files = Directory.EnumerateFiles(dir)
            .Where(f => Path.GetExtension(f) is ".csr" or ".pem" or ".der")
            .Order(StringComparer.Ordinal)
            .ToArray();
        return files.Length > 0 ? files : throw new UsageException($"{dir}: no *.csr, *.pem or *.der file");
    }
}
