// privsep-signer: the operator's and the front end's command line.
//
// WHAT IT DOES: creates development installations (init), runs both daemons (up, demo),
// and speaks the front end's side of the link protocol (sign, ca-cert, status).
// SECURITY: holds no CA key and links no key code (an architecture test enforces it);
// Key ceremonies (init, rekey, ceremony) run in privsep-signerd, never in this process.

using PrivSepSigner.Cli;
using PrivSepSigner.Cli.Commands;
using PrivSepSigner.Protocol;

const string Usage = """
    usage: privsep-signer COMMAND [options]
      init DIR [--link-kind pty|unix] [--pkcs11-module PATH --pkcs11-token LABEL --pkcs11-pin-file FILE]
                                               create a development installation (keys on the token if given)
      rekey DIR --root NAME [--algorithm A] [--days N]   new key version for a root, switched to atomically
      ceremony root-key|subca-request|install-cert|openpgp-key|sign-csr --config PATH ...   key ceremonies (privsep-signerd);
                                               sign-csr issues sub-CA and OCSP-responder certificates on this host
      up DIR                                   run the comm handler and the signer
      sign --link PATH --root NAME --profile NAME (--csr FILE | --spkac FILE [--subject T=v]... [--san dns:x]...)
           [--request-id ID] [--timeout S]
      ca-cert --link PATH --root NAME          print a root's certificate (PEM)
      status --link PATH [--json]              show the signing host's status
      revoke --link PATH --root NAME --serial HEX [--reason R]
      crl --link PATH --root NAME [--delta [--base N]] [--issuer SHA256]   print a full or delta CRL (PEM)
      pgp-sign --link PATH --key FILE [--uid UID]...     certify user IDs of an OpenPGP key
      pgp-ca-key --link PATH                             print the CA's OpenPGP public key
      demo                                     init, up, sign and verify in a temporary directory
      audit verify --signer-key FILE --comm-key FILE [--key FILE] [--heartbeat S] [--now ISO8601] LOGFILE
      bench [--key rsa|ec] [--subject-key rsa|ec] [--count N] [--concurrency C] [--rate R] [--warmup W] [--openssl-ca-count M]
    """;

var commands = new Dictionary<string, Func<string[], TextWriter, Task<int>>>(StringComparer.Ordinal)
{
    ["init"] = InitCommand.RunAsync,
    ["up"] = UpCommand.RunAsync,
    ["sign"] = SignCommand.RunAsync,
    ["ca-cert"] = CaCertCommand.RunAsync,
    ["status"] = StatusCommand.RunAsync,
    ["revoke"] = RevokeCommand.RunAsync,
    ["crl"] = CrlCommand.RunAsync,
    ["pgp-sign"] = PgpCommands.SignAsync,
    ["pgp-ca-key"] = PgpCommands.CaKeyAsync,
    ["audit"] = AuditCommand.RunAsync,
    ["demo"] = DemoCommand.RunAsync,
    ["bench"] = PrivSepSigner.Cli.Benchmark.BenchCommand.RunAsync,
    ["rekey"] = KeyCommands.RekeyAsync,
    ["ceremony"] = KeyCommands.CeremonyAsync,
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    return await command(args[1..], Console.Out);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"privsep-signer {args[0]}: {e.Message}");
    return 2;
}
catch (RefusedException e)
{
    Console.Error.WriteLine($"privsep-signer {args[0]}: refused: {e.Error.Code}: {e.Error.Message}");
    return e.Error.Code == ErrorCode.RetryLater ? 75 : 1; // 75 = EX_TEMPFAIL
}
catch (Exception e) when (e is IOException or TimeoutException or ProtocolException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"privsep-signer {args[0]}: {e.Message}");
    return 1;
}
