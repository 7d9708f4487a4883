namespace PrivSepSigner.Signer.Processing;

/// <summary>The answer to one request, and why its entry must be set aside (null when it need not).</summary>
internal readonly record struct Dispatched(Answer Answer, string? Fault);
