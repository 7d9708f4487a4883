// privsep-signer: the front end's and the operator's command line.
//
// WHAT IT DOES: three jobs, one folder each (README, "The command line's three jobs"):
// Client/ speaks the front end's side of the link protocol (sign, ca-cert, status, revoke,
// unhold, crl, list, show, export, pgp-sign, pgp-ca-key); Operator/ is the operator's tool for a
// signing host and the log collector (backup, restore, audit verify, ceremony); Development/
// makes and runs development installations (init, rekey, up, demo, bench, bench-crl). The
// command tree and the exit statuses are in CommandLine/CliApplication.cs.
// SECURITY: holds no CA key and links no key code (an architecture test enforces it);
// key ceremonies (init, rekey, ceremony) run in privsep-signerd, never in this process.
// `backup --with-keys` copies key files as opaque bytes, sealed with the operator's passphrase.

using PrivSepSigner.Cli.CommandLine;

return await CliApplication.RunAsync(args, Console.Out, Console.Error);
