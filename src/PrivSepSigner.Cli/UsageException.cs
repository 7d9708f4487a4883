namespace PrivSepSigner.Cli;

/// <summary>A command line that cannot be carried out as written (exit status 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
