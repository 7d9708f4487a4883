namespace PrivSepSigner.Signer.State;

/// <summary>
/// The answer given to a front-end request id, kept so that a resent request (after a
/// lost answer, a crash or a restart) gets the same answer and never a second certificate.
/// </summary>
internal sealed record StoredAnswer(string RequestId, string Fingerprint, byte ResponseType, byte[] Response);
