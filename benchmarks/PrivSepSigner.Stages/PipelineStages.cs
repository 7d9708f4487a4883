using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance;
using PrivSepSigner.Issuance.Crl;
using PrivSepSigner.Keys;
using PrivSepSigner.Logging;
using PrivSepSigner.Policy;
using PrivSepSigner.Policy.KeyChecks;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;
using PrivSepSigner.Signer.Handlers;
using PrivSepSigner.Signer.Roots;
using PrivSepSigner.Signer.State;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Format;
using PrivSepSigner.Spool.Reading;
using PrivSepSigner.Spool.Writing;
using Serilog.Core;

namespace PrivSepSigner.Stages;

/// <summary>
/// Issuing one certificate, cut into the stages the signer runs, each calling the signer's own
/// code on a real CA key, spool, SQLite database and outbox in a temporary directory. The one
/// place these stages are written: the BenchmarkDotNet suite and `bench`'s per-stage figures
/// both call these methods. Each stage is arranged first (its inputs made, unmeasured) and then
/// run; stages that the signer does once per batch (reading the spool's entries, the database
/// commit, the outbox publish) run a whole batch of <see cref="BatchSize"/>, their cost divided
/// by it, which is how the pipeline amortises them (one transaction and one directory sync per batch).
/// </summary>
internal sealed class PipelineStages : IDisposable
{
    /// <summary>Requests per batch for the per-batch stages: what the signer gathers under load (it takes at most 128).</summary>
    public const int BatchSize = 32;

    private const string Root = "bench";
    private readonly string dir;
    private readonly ISigningKey key;
    private readonly CaIssuer issuer;
    private readonly SigningRoot root;
    private readonly Profile profile;
    private readonly IssuanceSteps steps;
    private readonly IssuanceDatabase database;
    private readonly SpoolWriter incomingWriter;
    private readonly SpoolReader incoming;
    private readonly SpoolWriter outbox;
    private readonly Logger log;
    private readonly X509Certificate2 caCertificate;
    private readonly CaSignatureVerifier verifier;
    private readonly byte[][] csrs;
    private readonly CsrInfo[] parsed;
    private readonly PolicyResult.Approved approved;
    private long next;

    /// <param name="caKey">"rsa" (RSA-2048) or "ec" (P-256), as `bench --key`.</param>
    /// <param name="subjectKey">The requests' own keys, as `bench --subject-key`.</param>
    public PipelineStages(string caKey, string subjectKey, int distinctCsrs = 16)
    {
        dir = Directory.CreateTempSubdirectory("privsep-stages-").FullName;
        using (AsymmetricAlgorithm ca = caKey == "rsa" ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var name = new X500DistinguishedName("C=DE, O=PrivSepSigner Bench, CN=Bench Stages CA");
            var request = ca is RSA rsa ? new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) : new CertificateRequest(name, (ECDsa)ca, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
            caCertificate = X509CertificateLoader.LoadCertificate(self.RawData);
            File.WriteAllText(Path.Combine(dir, "key.pem"), PemEncoding.WriteString("PRIVATE KEY", ca.ExportPkcs8PrivateKey()));
        }

        var rootConfig = new RootConfig { Name = Root, KeyDirectory = dir, Profiles = ["server"] };
        key = Pkcs8KeyFile.Load(Path.Combine(dir, "key.pem"));
        issuer = new CaIssuer(Root, caCertificate.RawData, key, rootConfig);
        verifier = new CaSignatureVerifier(caCertificate, key.Algorithm);
        profile = Profile.Create("server", DefaultProfiles.All["server"]);
        root = new SigningRoot(Root, "1", issuer, new Dictionary<string, Profile> { ["server"] = profile }.ToFrozenDictionary(StringComparer.Ordinal), new CaCrlSigner(caCertificate.RawData, key));
        var config = new InstallationConfig
        {
            SpoolDir = Path.Combine(dir, "spool"),
            StateDir = Path.Combine(dir, "state"),
            Link = new LinkConfig { Kind = LinkKind.Unix, Path = Path.Combine(dir, "link") },
            Roots = [rootConfig],
            Profiles = DefaultProfiles.All,
        };
        // The signer's audit sink as a development installation has it: RFC 5424 lines to a file.
        log = DaemonLog.Create(new LoggingOptions("privsep-signerd") { HumanReadableStderr = false, Targets = [LogTargetOptions.File(Path.Combine(dir, "audit.log"))] });
        database = new IssuanceDatabase(Path.Combine(Directory.CreateDirectory(config.StateDir).FullName, "issuance.db"));
        steps = new IssuanceSteps(config, database, log);

        var spool = Directory.CreateDirectory(config.SpoolDir).FullName;
        foreach (var d in new[] { "incoming", "incoming-tmp", "outbox", "outbox-tmp", "quarantine" })
        {
            Directory.CreateDirectory(Path.Combine(spool, d));
        }

        incomingWriter = new SpoolWriter(Path.Combine(spool, "incoming-tmp"), Path.Combine(spool, "incoming"), SpoolModes.EntryFile);
        incoming = new SpoolReader(Path.Combine(spool, "incoming"), Path.Combine(spool, "quarantine"), new SpoolReaderOptions { ExpectedOwnerUid = Posix.Accounts.UnixAccount.EffectiveUid, ExpectedMode = SpoolModes.EntryFile, MaxBytes = SpoolLimits.MaxRequestEntryBytes });
        outbox = new SpoolWriter(Path.Combine(spool, "outbox-tmp"), Path.Combine(spool, "outbox"), SpoolModes.EntryFile, SpoolLimits.MaxAnswerItemBody);
        csrs = NewCsrs(distinctCsrs, subjectKey);
        parsed = csrs.Select(c => CsrInfo.Parse(c)).ToArray();
        approved = (PolicyResult.Approved)ProfilePolicy.Evaluate(profile, parsed[0]);
    }

    /// <summary>
    /// The stages in the signer's order. Each: how many certificates one run covers, and an
    /// arrange step that makes the inputs of <c>n</c> runs (unmeasured) and returns the run.
    /// "audit_lines" runs the signer's own Sign step (audit line, issue, audit line); its own cost
    /// is that minus "issue" (sign, DER assembly, post-sign verify), which is measured beside it.
    /// </summary>
    public IReadOnlyList<Stage> All =>
    [
        new("spool_read_decode", BatchSize, SpoolReadDecode),
        new("idempotency_lookup", 1, IdempotencyLookup),
        new("csr_parse_verify", 1, CsrParseVerify),
        new("key_checks", 1, KeyChecks),
        new("profile_policy", 1, ProfilePolicyCheck),
        new("serial_lookup", 1, SerialLookup),
        new("tbs_build", 1, TbsBuild),
        new("sign", 1, Sign),
        new("post_sign_verify", 1, PostSignVerify),
        new("issue", 1, Issue),
        new("sign_with_audit_lines", 1, SignWithAuditLines),
        new("answer_encode", 1, AnswerEncode),
        new("sqlite_commit", BatchSize, SqliteCommit),
        new("outbox_write", BatchSize, OutboxWrite),
    ];

    /// <summary>A batch of requests spooled as the comm handler does, read back and decoded as the signer does (hostile input: every check).</summary>
    public Action<int> SpoolReadDecode(int n)
    {
        var names = new string[n][];
        for (var b = 0; b < n; b++)
        {
            names[b] = new string[BatchSize];
            for (var i = 0; i < BatchSize; i++)
            {
                var body = MessageCodec.Serialize(new SignX509Request { RequestId = NewId(), FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Root = Root, Profile = "server", Csr = csrs[i % csrs.Length] });
                var entry = new SpoolEntry(SpoolNames.NewId(), DateTimeOffset.UtcNow, [new SpoolItem((byte)MessageType.SignX509Request, body)]);
                incomingWriter.Publish(entry);
                names[b][i] = entry.Id;
            }
        }

        return b =>
        {
            foreach (var name in names[b])
            {
                if (incoming.Read(name) is not SpoolReadResult.Ok ok)
                {
                    throw new InvalidOperationException($"the spool rejected its own entry {name}");
                }

                MessageValidator.Validate(MessageCodec.Deserialize<SignX509Request>(ok.Entry.Items[0].Body));
                incoming.Remove(name);
            }
        };
    }

    /// <summary>The request id looked up among stored answers (a resend gets its first answer).</summary>
    public Action<int> IdempotencyLookup(int n) => _ => database.FindAnswer(NewId());

    public Action<int> CsrParseVerify(int n) => i => CsrInfo.Parse(csrs[i % csrs.Length]);

    public Action<int> KeyChecks(int n) => i => KeyQuality.Check(parsed[i % parsed.Length], FrozenSet<string>.Empty);

    public Action<int> ProfilePolicyCheck(int n) => i => ProfilePolicy.Evaluate(profile, parsed[i % parsed.Length]);

    /// <summary>A fresh serial checked against the database (IssuanceSteps does this for each).</summary>
    public Action<int> SerialLookup(int n) => _ => database.SerialExists(Convert.ToHexStringLower(SerialNumbers.NewSerial()).TrimStart('0'));

    public Action<int> TbsBuild(int n) => i => Prepare(i);

    public Action<int> Sign(int n)
    {
        var tbs = Enumerable.Range(0, n).Select(i => Prepare(i).TbsDer).ToArray();
        return i => key.Sign(tbs[i]);
    }

    /// <summary>The signature checked with the CA certificate's public key, as CaIssuer does after each signature.</summary>
    public Action<int> PostSignVerify(int n)
    {
        var tbs = Enumerable.Range(0, n).Select(i => Prepare(i).TbsDer).ToArray();
        var signatures = tbs.Select(t => key.Sign(t)).ToArray();
        return i =>
        {
            if (!verifier.Verify(tbs[i], signatures[i]))
            {
                throw new InvalidOperationException("signature does not verify");
            }
        };
    }

    public Action<int> Issue(int n)
    {
        var prepared = Enumerable.Range(0, n).Select(Prepare).ToArray();
        return i => issuer.Issue(prepared[i]);
    }

    public Action<int> SignWithAuditLines(int n)
    {
        var prepared = Enumerable.Range(0, n).Select(Prepare).ToArray();
        return i => steps.Sign(NewId(), root, profile, prepared[i], parsed[i % parsed.Length].SpkiSha256Hex);
    }

    public Action<int> AnswerEncode(int n)
    {
        var issued = issuer.Issue(Prepare(0));
        return _ => SignX509Handler.Respond(NewId(), Root, "server")(issued);
    }

    /// <summary>One batch's records and stored answers in one durable transaction (synchronous=FULL), as CommitStage does.</summary>
    public Action<int> SqliteCommit(int n)
    {
        var now = DateTimeOffset.UtcNow;
        var batches = Enumerable.Range(0, n).Select(_ =>
        {
            var records = new List<IssuedRecord>(BatchSize);
            var answers = new List<StoredAnswer>(BatchSize);
            for (var i = 0; i < BatchSize; i++)
            {
                var id = NewId();
                var cert = issuer.Issue(Prepare(i));
                records.Add(IssuanceSteps.Record(cert, root, profile, id, now));
                answers.Add(new StoredAnswer(id, new string('0', 64), (byte)MessageType.SignX509Response, SignX509Handler.Respond(id, Root, "server")(cert)));
            }

            return (records, answers);
        }).ToArray();
        return b => database.Commit(batches[b].records, [], batches[b].answers, now);
    }

    /// <summary>One batch's answers published durably in the outbox (each file synced, one directory sync), as CommitStage does.</summary>
    public Action<int> OutboxWrite(int n)
    {
        var answer = SignX509Handler.Respond("stage", Root, "server")(issuer.Issue(Prepare(0)));
        var batches = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, BatchSize).Select(_ => new SpoolEntry(SpoolNames.NewId(), DateTimeOffset.UtcNow, [new SpoolItem((byte)MessageType.SignX509Response, answer)])).ToList()).ToArray();
        return b => outbox.PublishBatch(batches[b]);
    }

    public void Dispose()
    {
        incomingWriter.Dispose();
        incoming.Dispose();
        outbox.Dispose();
        database.Dispose();
        log.Dispose();
        verifier.Dispose();
        key.Dispose();
        caCertificate.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private PreparedCertificate Prepare(int i) => issuer.Prepare(profile, parsed[i % parsed.Length], approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow);

    private string NewId() => $"stage-{Interlocked.Increment(ref next)}";

    /// <summary>Distinct requests of the bench's kind (subject host{i}, one DNS SAN); RSA keys are slow to make, so 16 by default.</summary>
    private static byte[][] NewCsrs(int n, string kind) =>
        Enumerable.Range(0, n).Select(i =>
        {
            using AsymmetricAlgorithm subject = kind == "rsa" ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var name = $"host{i}.bench.example.test";
            var request = subject is RSA rsa
                ? new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest($"CN={name}", (ECDsa)subject, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(name);
            request.CertificateExtensions.Add(san.Build());
            return request.CreateSigningRequest();
        }).ToArray();
}
