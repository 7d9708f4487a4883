namespace PrivSepSigner.Signer.Processing;

/// <summary>The batch the commit stage holds: its commit, its claims, and the incoming entries it will remove.</summary>
internal sealed record InFlight(Task Commit, Batch Batch, IReadOnlySet<string> Names);
