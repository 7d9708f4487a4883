namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// A request for a certificate under one root's profile (SignX509Request, SignSpkacRequest,
/// SignX509WithNamesRequest): the envelope plus the root and profile it names. Adds nothing
/// to the wire format.
/// </summary>
public interface ISigningRequest : IRequestEnvelope
{
    /// <summary>Name of the issuing root.</summary>
    string Root { get; }

    /// <summary>Name of the profile under that root.</summary>
    string Profile { get; }
}
