namespace PrivSepSigner.TestSupport;

public sealed record OpenSslResult(int ExitCode, string Stdout, string Stderr);
