using PrivSepSigner.Spool;

namespace PrivSepSigner.Signer.Processing;

/// <summary>A batch whose messages are all answered: what it committed, the outbox entries, and the incoming entries they answer.</summary>
internal sealed record AnsweredBatch(Batch Batch, IReadOnlyList<SpoolEntry> Answers, IReadOnlyList<string> IncomingNames);
