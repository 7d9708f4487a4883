namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
