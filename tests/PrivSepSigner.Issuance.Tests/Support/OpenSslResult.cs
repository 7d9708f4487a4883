namespace PrivSepSigner.Issuance.Tests.Support;

internal sealed record OpenSslResult(int ExitCode, string Stdout, string Stderr);
