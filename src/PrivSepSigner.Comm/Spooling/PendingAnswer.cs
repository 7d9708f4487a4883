using PrivSepSigner.Comm.Link;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Spooling;

/// <summary>A spooled request whose answer the front end is still waiting for.</summary>
internal sealed record PendingAnswer(string EntryId, string RequestId, MessageType RequestType, IAnswerChannel Reply, DateTimeOffset Deadline);
