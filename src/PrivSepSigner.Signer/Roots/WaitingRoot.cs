using PrivSepSigner.Configuration;

namespace PrivSepSigner.Signer.Roots;

/// <summary>A configured root whose key is not there yet, the config it came from, and the last load problem logged for it.</summary>
internal sealed record WaitingRoot(RootConfig Root, InstallationConfig Config, string? LastProblem = null);
