using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Format;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// A batch whose messages are all answered: what it committed, the outbox entries, the incoming
/// entries they answer, and of those the ones to set aside (quarantine, with the reason) instead
/// of deleting, because one of their requests could not be processed.
/// </summary>
internal sealed record AnsweredBatch(Batch Batch, IReadOnlyList<SpoolEntry> Answers, IReadOnlyList<string> IncomingNames, IReadOnlyDictionary<string, string> SetAside);
