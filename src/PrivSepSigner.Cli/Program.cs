// privsep-signer: the operator's and the front end's command line.
//
// WHAT IT DOES: creates development installations (init), runs both daemons (up, demo),
// speaks the front end's side of the link protocol (sign, revoke, crl, status, list, show,
// export, ...), and backs installations up and restores them (backup, restore). The command
// tree and the exit statuses are in CommandLine/CliApplication.cs.
// SECURITY: holds no CA key and links no key code (an architecture test enforces it);
// key ceremonies (init, rekey, ceremony) run in privsep-signerd, never in this process.
// `backup --with-keys` copies key files as opaque bytes, sealed with the operator's passphrase.

using PrivSepSigner.Cli.CommandLine;

return await CliApplication.RunAsync(args, Console.Out, Console.Error);
