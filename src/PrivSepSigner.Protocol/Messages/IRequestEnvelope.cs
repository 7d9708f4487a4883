namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// What every front-end request carries first (keys 0 and 1 of each request class): the
/// caller's id and the front end's clock. Lets the envelope be checked, and read, in one place
/// for every request type; it adds nothing to the wire format.
/// </summary>
public interface IRequestEnvelope
{
    /// <summary>Caller-chosen id; resending with the same id is idempotent.</summary>
    string RequestId { get; }

    /// <summary>The front end's UTC clock, Unix milliseconds; used only to detect clock skew.</summary>
    long FrontEndTimeUnixMs { get; }
}
